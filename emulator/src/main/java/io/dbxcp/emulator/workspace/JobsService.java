package io.dbxcp.emulator.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.http.Json;
import io.dbxcp.emulator.store.JobRun;
import io.dbxcp.emulator.store.Mount;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import io.dbxcp.emulator.store.WorkspaceObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-time job runs ({@code runs/submit}). A run is PENDING, then RUNNING, then TERMINATED with
 * SUCCESS or FAILED; the outcome is decided at submit time from what the emulator can check: the
 * notebook exists, the cluster's instance profile is registered, the mounts are valid.
 *
 * <p>A successful notebook run records the DBFS mounts its notebook makes. They are read from the
 * task's {@code base_parameters} if it names them ({@code mounts}: a JSON array of
 * {@code {"mount_name"|"mount_point", "source"}}; or {@code mount_name}/{@code mount_point} with
 * {@code source}); otherwise from the notebook's source: every {@code dbutils.fs.mount(...)} with
 * literal {@code source} and {@code mount_point} arguments, and every {@code dbutils.fs.unmount("...")}.
 */
public final class JobsService {
  static final Pattern SOURCE = Pattern.compile("^s3a?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$");
  static final Pattern MOUNT_CALL = Pattern.compile("dbutils\\.fs\\.mount\\s*\\(([^)]*)\\)");
  static final Pattern UNMOUNT_CALL =
      Pattern.compile("dbutils\\.fs\\.unmount\\s*\\(\\s*(?:mount_point\\s*=\\s*)?([\"'])(.+?)\\1");
  static final Pattern KEYWORD = Pattern.compile("(\\w+)\\s*=\\s*([\"'])(.*?)\\2");
  static final Pattern LITERAL = Pattern.compile("([\"'])(.*?)\\1");

  private final Store store;

  public JobsService(Store store) {
    this.store = store;
  }

  public Map<String, Object> submit(Caller caller, Body b, Instant now) {
    Workspace w = caller.workspace();
    String token = b.string("idempotency_token");
    if (token != null) {
      for (JobRun r : w.data.runs.values()) {
        if (token.equals(r.idempotencyToken)) {
          return Map.of("run_id", r.runId);
        }
      }
    }
    List<Body> tasks = b.list("tasks");
    if (tasks.isEmpty()) {
      throw ApiException.invalidParameter("A run must have at least one task.");
    }
    JobRun run = new JobRun();
    run.runId = store.ids.nextLong();
    run.runName = b.string("run_name") == null ? "Untitled" : b.string("run_name");
    run.idempotencyToken = token;
    run.creatorUserName = caller.userName();
    run.tasks = Json.MAPPER.createArrayNode();
    Set<String> keys = new LinkedHashSet<>();
    String failure = w.data.failNextRun;
    w.data.failNextRun = null;
    for (Body t : tasks) {
      String key = t.required("task_key");
      if (!keys.add(key)) {
        throw ApiException.invalidParameter("Task key " + key + " is used twice.");
      }
      if (t.has("existing_cluster_id") && !w.data.clusters.containsKey(t.string("existing_cluster_id"))) {
        throw ApiException.invalidParameter("Cluster " + t.string("existing_cluster_id") + " does not exist");
      }
      if (t.has("new_cluster")) {
        t.child("new_cluster").required("spark_version");
        run.usesNewCluster = true;
        String profile = t.child("new_cluster").child("aws_attributes").string("instance_profile_arn");
        if (failure == null && profile != null && !InstanceProfilesService.registered(w, profile)) {
          failure = "Cluster launch failed: instance profile " + profile + " is not registered in this workspace.";
        }
      }
      if (t.has("notebook_task")) {
        Body nt = t.child("notebook_task");
        String path = nt.required("notebook_path");
        WorkspaceObject nb = WorkspaceFilesService.find(w, path);
        boolean fromGit = "GIT".equals(nt.string("source"));
        if (failure == null && !fromGit && (nb == null || !"NOTEBOOK".equals(nb.objectType))) {
          failure = "Notebook not found: " + path;
        }
        if (failure == null) {
          failure = planMounts(w, run, nt, nb);
        }
      }
      ObjectNode task = t.object();
      task.put("run_id", store.ids.nextLong());
      run.tasks.add(task);
    }
    run.submittedAt = now;
    run.runningAt = now.plus(store.knobs.jobRunPendingTime);
    run.endAt = run.runningAt.plus(store.knobs.jobRunTime);
    run.resultState = failure == null ? "SUCCESS" : "FAILED";
    run.failureMessage = failure;
    if (failure != null) {
      run.mountsOnSuccess.clear();
      run.unmountsOnSuccess.clear();
    }
    w.data.runs.put(run.runId, run);
    return Map.of("run_id", run.runId);
  }

  /** Reads the mounts a notebook task makes; returns a failure message, or null. */
  private static String planMounts(Workspace w, JobRun run, Body notebookTask, WorkspaceObject nb) {
    Map<String, String> params = notebookTask.stringMap("base_parameters");
    List<String[]> mounts = new ArrayList<>();
    List<String> unmounts = new ArrayList<>();
    if (params != null && params.containsKey("mounts")) {
      JsonNode list;
      try {
        list = Json.parse(params.get("mounts"));
      } catch (ApiException e) {
        return "Invalid base parameter 'mounts': not JSON.";
      }
      if (!list.isArray()) {
        return "Invalid base parameter 'mounts': expected a JSON array.";
      }
      for (JsonNode m : list) {
        mounts.add(new String[] {pointOf(m.path("mount_point").asText(null), m.path("mount_name").asText(null)), m.path("source").asText(null)});
      }
    } else if (params != null && params.containsKey("source") && (params.containsKey("mount_name") || params.containsKey("mount_point"))) {
      mounts.add(new String[] {pointOf(params.get("mount_point"), params.get("mount_name")), params.get("source")});
    } else if (nb != null && nb.content != null) {
      String code = new String(nb.content, StandardCharsets.UTF_8);
      Matcher u = UNMOUNT_CALL.matcher(code);
      while (u.find()) {
        unmounts.add(u.group(2));
      }
      Matcher m = MOUNT_CALL.matcher(code);
      while (m.find()) {
        mounts.add(mountArguments(m.group(1)));
      }
    }
    Set<String> mounted = new LinkedHashSet<>(w.data.mounts.keySet());
    mounted.removeAll(unmounts);
    for (String[] m : mounts) {
      String point = m[0];
      String source = m[1];
      if (point == null || !point.startsWith("/mnt/") || point.length() <= "/mnt/".length()) {
        return "Invalid mount point " + point + ": mount points are /mnt/<name>.";
      }
      if (source == null || !SOURCE.matcher(source).matches()) {
        return "Invalid mount source " + source + ": expected s3a://<bucket>[/<path>].";
      }
      if (!mounted.add(point)) {
        return "Directory already mounted: " + point;
      }
      Mount mount = new Mount();
      mount.mountPoint = point;
      mount.source = source;
      mount.runId = run.runId;
      run.mountsOnSuccess.add(mount);
    }
    run.unmountsOnSuccess.addAll(unmounts);
    return null;
  }

  private static String pointOf(String mountPoint, String mountName) {
    if (mountPoint != null) {
      return mountPoint;
    }
    return mountName == null ? null : "/mnt/" + mountName;
  }

  /** {source, mount_point} from the arguments of a dbutils.fs.mount call (keywords or positions). */
  private static String[] mountArguments(String args) {
    String source = null;
    String point = null;
    Matcher k = KEYWORD.matcher(args);
    while (k.find()) {
      if (k.group(1).equals("source")) {
        source = k.group(3);
      } else if (k.group(1).equals("mount_point")) {
        point = k.group(3);
      }
    }
    String withoutKeywords = KEYWORD.matcher(args).replaceAll("");
    Matcher l = LITERAL.matcher(withoutKeywords);
    List<String> positional = new ArrayList<>();
    while (l.find()) {
      positional.add(l.group(2));
    }
    if (source == null && !positional.isEmpty()) {
      source = positional.removeFirst();
    }
    if (point == null && !positional.isEmpty()) {
      point = positional.removeFirst();
    }
    return new String[] {point, source};
  }

  public ObjectNode get(Caller caller, long runId) {
    return view(caller.workspace(), run(caller.workspace(), runId));
  }

  public void cancel(Caller caller, Body b, Instant now) {
    Long id = b.longValue("run_id");
    if (id == null) {
      throw ApiException.missing("run_id");
    }
    JobRun r = run(caller.workspace(), id);
    if (!"TERMINATED".equals(r.lifeCycleState)) {
      r.lifeCycleState = "TERMINATED";
      r.resultState = "CANCELED";
      r.failureMessage = "Run cancelled by " + caller.userName() + ".";
      r.endAt = now;
      r.mountsOnSuccess.clear();
    }
  }

  /** An unknown run is 400 INVALID_PARAMETER_VALUE, as Databricks answers (the SDK maps it to ResourceDoesNotExist). */
  private static JobRun run(Workspace w, long id) {
    JobRun r = w.data.runs.get(id);
    if (r == null) {
      throw ApiException.invalidParameter("Run " + id + " does not exist.");
    }
    return r;
  }

  /** Makes the next run submitted to the workspace end FAILED with this message. */
  public static void failNextRun(Workspace w, String message) {
    w.data.failNextRun = message;
  }

  private static ObjectNode view(Workspace w, JobRun r) {
    ObjectNode n = Json.object();
    n.put("run_id", r.runId);
    n.put("run_name", r.runName);
    n.put("number_in_job", r.runId);
    n.put("creator_user_name", r.creatorUserName);
    n.put("run_type", "SUBMIT_RUN");
    n.put("start_time", r.submittedAt.toEpochMilli());
    boolean ended = "TERMINATED".equals(r.lifeCycleState);
    n.put("end_time", ended ? r.endAt.toEpochMilli() : 0);
    n.put("setup_duration", 0);
    n.put("execution_duration", ended ? Math.max(0, r.endAt.toEpochMilli() - r.runningAt.toEpochMilli()) : 0);
    n.put("cleanup_duration", 0);
    n.put("run_page_url", "https://" + w.deploymentName + ".cloud.databricks.com/?o=" + w.workspaceId + "#job/runs/" + r.runId);
    ObjectNode state = state(r);
    n.set("state", state);
    ObjectNode status = n.putObject("status");
    status.put("state", r.lifeCycleState);
    if (ended) {
      ObjectNode details = status.putObject("termination_details");
      boolean ok = "SUCCESS".equals(r.resultState);
      details.put("code", ok ? "SUCCESS" : "CANCELED".equals(r.resultState) ? "CANCELED" : "RUN_EXECUTION_ERROR");
      details.put("type", ok ? "SUCCESS" : "CLIENT_ERROR");
      details.put("message", ok ? "" : r.failureMessage);
    }
    ArrayNode tasks = n.putArray("tasks");
    for (JsonNode t : r.tasks) {
      ObjectNode task = ((ObjectNode) t).deepCopy();
      task.set("state", state.deepCopy());
      task.put("start_time", r.submittedAt.toEpochMilli());
      task.put("end_time", ended ? r.endAt.toEpochMilli() : 0);
      task.put("attempt_number", 0);
      tasks.add(task);
    }
    return n;
  }

  private static ObjectNode state(JobRun r) {
    ObjectNode s = Json.object();
    s.put("life_cycle_state", r.lifeCycleState);
    boolean ended = "TERMINATED".equals(r.lifeCycleState);
    if (ended) {
      s.put("result_state", r.resultState);
      s.put("state_message", "SUCCESS".equals(r.resultState) ? "" : r.failureMessage);
    } else {
      s.put("state_message", "PENDING".equals(r.lifeCycleState) ? "Waiting for cluster" : "In run");
    }
    s.put("user_cancelled_or_timedout", "CANCELED".equals(r.resultState));
    return s;
  }
}
