package io.dbxcp.emulator;

import io.dbxcp.emulator.account.ProvisioningService;
import io.dbxcp.emulator.account.WorkspaceService;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.RateLimiter;
import io.dbxcp.emulator.store.Knobs;
import io.dbxcp.emulator.store.Network;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import io.dbxcp.emulator.workspace.ComputeService;
import io.dbxcp.emulator.workspace.JobsService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scenario knobs of a running emulator, for tests and demos in Java (the same as
 * {@code /_emulator/scenario}). Every method applies at once and returns this for chaining; a
 * {@link DatabricksEmulator#reset()} restores the values the emulator was started with.
 */
public final class Scenario {
  private final Store store;
  private final RateLimiter rateLimiter;
  private final WorkspaceService workspaces;
  private final ProvisioningService provisioning;
  private final ComputeService compute;

  Scenario(
      Store store,
      RateLimiter rateLimiter,
      WorkspaceService workspaces,
      ProvisioningService provisioning,
      ComputeService compute) {
    this.store = store;
    this.rateLimiter = rateLimiter;
    this.workspaces = workspaces;
    this.provisioning = provisioning;
    this.compute = compute;
  }

  private Scenario knob(java.util.function.Consumer<Knobs> change) {
    store.locked(() -> change.accept(store.knobs));
    return this;
  }

  /** How long a new workspace stays PROVISIONING. */
  public Scenario provisioningTime(Duration d) {
    return knob(k -> k.provisioningTime = d);
  }

  /** How long a PATCH keeps a workspace PROVISIONING (Databricks-managed VPC or FAILED workspace). */
  public Scenario patchProvisioningTime(Duration d) {
    return knob(k -> k.patchProvisioningTime = d);
  }

  /** How long after a role ARN is first seen credentials for it are refused (IAM eventual consistency). */
  public Scenario iamPropagationDelay(Duration d) {
    return knob(k -> k.iamPropagationDelay = d);
  }

  /** Marks a role ARN as seen now (e.g. just created in AWS): the IAM delay counts from here. */
  public Scenario iamRoleSeen(String roleArn) {
    store.locked(() -> store.roleArnsFirstSeen.put(roleArn, store.now()));
    return this;
  }

  public Scenario clusterStartTime(Duration d) {
    return knob(k -> k.clusterStartTime = d);
  }

  public Scenario warehouseStartTime(Duration d) {
    return knob(k -> k.warehouseStartTime = d);
  }

  /** How long a submitted job run stays PENDING, then RUNNING. */
  public Scenario jobRunTimes(Duration pending, Duration running) {
    return knob(
        k -> {
          k.jobRunPendingTime = pending;
          k.jobRunTime = running;
        });
  }

  /** How long after it first turns RUNNING a workspace answers 503 (its URL does not resolve yet). */
  public Scenario workspaceReachableDelay(Duration d) {
    return knob(k -> k.workspaceReachableDelay = d);
  }

  public Scenario oauthTokenLifetime(Duration d) {
    return knob(k -> k.oauthTokenLifetime = d);
  }

  /** The largest SCIM page the emulator returns, whatever count is asked. */
  public Scenario scimMaxPageSize(int size) {
    return knob(k -> k.scimMaxPageSize = size);
  }

  /** The workspace with this name ends FAILED with this message (now if provisioning, else when next created). */
  public Scenario failWorkspace(String workspaceName, String message) {
    store.locked(() -> workspaces.failWorkspace(workspaceName, message));
    return this;
  }

  /** The next PATCH of this workspace answers 200, then its fields silently go back to what they were. */
  public Scenario revertNextPatch(long workspaceId) {
    return knob(k -> k.revertNextPatch.add(String.valueOf(workspaceId)));
  }

  /** As {@link #revertNextPatch(long)}, naming the workspace. */
  public Scenario revertNextPatch(String workspaceName) {
    return knob(k -> k.revertNextPatch.add(workspaceName));
  }

  /** A token bucket over all API requests: beyond it, 429 REQUEST_LIMIT_EXCEEDED with Retry-After. */
  public Scenario rateLimit(double requestsPerSecond, double burst) {
    rateLimiter.configure(requestsPerSecond, burst);
    return this;
  }

  public Scenario rateLimit(double requestsPerSecond) {
    return rateLimit(requestsPerSecond, requestsPerSecond);
  }

  public Scenario noRateLimit() {
    return rateLimit(0, 0);
  }

  /** Modeled latency of an endpoint family or prefix: "account", "account.workspaces", "workspace", "oidc", "*". */
  public Scenario latency(String family, Duration d) {
    if (d == null || d.isZero()) {
      store.knobs.latency.remove(family);
    } else {
      store.knobs.latency.put(family, d);
    }
    return this;
  }

  /** Starts running compute in a workspace without the API: kind is cluster, pool or warehouse. Returns its id. */
  public String startCompute(long workspaceId, String kind) {
    return store.locked(() -> compute.startCompute(workspace(workspaceId), kind, null, store.now()));
  }

  /** Terminates every cluster, empties every pool and stops every warehouse of a workspace. */
  public Scenario stopAllCompute(long workspaceId) {
    store.locked(() -> compute.stopAll(workspace(workspaceId), store.now()));
    return this;
  }

  /** The next job run submitted to the workspace ends FAILED with this message. */
  public Scenario failNextJobRun(long workspaceId, String message) {
    store.locked(() -> JobsService.failNextRun(workspace(workspaceId), message));
    return this;
  }

  /** Marks a network BROKEN with an error message: workspaces provisioned with it end FAILED. */
  public Scenario breakNetwork(String networkId, String message) {
    store.locked(
        () -> {
          Network n = store.networks.get(networkId);
          if (n == null) {
            throw ApiException.doesNotExist("Network " + networkId + " does not exist.");
          }
          provisioning.breakNetwork(n, message);
        });
    return this;
  }

  /** The current knob values, as {@code GET /_emulator/scenario} shows them. */
  public Map<String, Object> describe() {
    return store.locked(
        () -> {
          Knobs k = store.knobs;
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("provisioning_seconds", seconds(k.provisioningTime));
          m.put("patch_provisioning_seconds", seconds(k.patchProvisioningTime));
          m.put("iam_propagation_seconds", seconds(k.iamPropagationDelay));
          m.put("cluster_start_seconds", seconds(k.clusterStartTime));
          m.put("warehouse_start_seconds", seconds(k.warehouseStartTime));
          m.put("job_pending_seconds", seconds(k.jobRunPendingTime));
          m.put("job_run_seconds", seconds(k.jobRunTime));
          m.put("workspace_reachable_seconds", seconds(k.workspaceReachableDelay));
          m.put("oauth_token_lifetime_seconds", seconds(k.oauthTokenLifetime));
          m.put("scim_max_page_size", k.scimMaxPageSize);
          m.put("rate_limit_rps", rateLimiter.rate());
          m.put("rate_limit_burst", rateLimiter.burst());
          Map<String, Long> latency = new LinkedHashMap<>();
          k.latency.forEach((f, d) -> latency.put(f, d.toMillis()));
          m.put("latency_ms", latency);
          m.put("fail_workspaces", new LinkedHashMap<>(k.failingWorkspaces));
          m.put("revert_next_patch", k.revertNextPatch.stream().toList());
          return m;
        });
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  private Workspace workspace(long id) {
    Workspace w = store.workspaces.get(id);
    if (w == null) {
      throw ApiException.doesNotExist("Workspace " + id + " does not exist.");
    }
    return w;
  }
}
