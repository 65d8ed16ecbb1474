package io.dbxcp.storage.dbfs;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.AwsAttributes;
import com.databricks.sdk.service.compute.AwsAvailability;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.jobs.NotebookTask;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunState;
import com.databricks.sdk.service.jobs.Source;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import com.databricks.sdk.service.workspace.ExportResponse;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.json.Json;
import io.dbxcp.storage.Databricks;
import io.dbxcp.storage.model.BucketPlan;
import io.dbxcp.storage.model.BucketResult;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.MountCheck;
import io.dbxcp.storage.model.MountRun;
import io.dbxcp.storage.model.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dbfs-mount, one bucket: check the mount point, import the bucket's mount notebook and submit a
 * one-time run on a small single-node job cluster with the data role's instance profile, poll it (one
 * call per poll: the state machine waits between polls), and verify the mount in DBFS.
 *
 * <p>DBFS's REST API tells whether a mount point exists, not what it points at. So once a mount is
 * verified, dbxcp writes a small record next to its notebook ({@link MountRecord}); a later run skips
 * a mount point that exists and whose record names the asked source and key, and mounts again
 * (unmounting first) one that exists without a matching record.
 */
public final class DbfsMountService {
    private static final Logger LOG = LoggerFactory.getLogger(DbfsMountService.class);
    private static final Set<RunLifeCycleState> FINAL = Set.of(RunLifeCycleState.TERMINATED, RunLifeCycleState.SKIPPED,
            RunLifeCycleState.INTERNAL_ERROR);

    private final BiFunction<Long, String, WorkspaceClient> workspaces;
    private final MountSettings settings;
    private final Clock clock;

    public DbfsMountService(BiFunction<Long, String, WorkspaceClient> workspaces, MountSettings settings, Clock clock) {
        this.workspaces = workspaces;
        this.settings = settings;
        this.clock = clock;
    }

    /** State CheckMount. */
    public MountCheck check(BucketState s) {
        BucketPlan b = s.bucket();
        WorkspaceClient ws = workspace(s);
        boolean present = Databricks.find("DBFS get-status " + b.target(), () -> ws.dbfs().getStatus(b.target())).isPresent();
        if (!present) {
            return new MountCheck(b.target(), false, false, false, b.target() + " is not mounted");
        }
        Optional<MountRecord> record = readRecord(ws, b.mountName());
        if (record.isEmpty()) {
            return new MountCheck(b.target(), true, false, false, b.target() + " exists but dbxcp has no record of its source"
                    + " and key: it is mounted again (unmounted first)");
        }
        MountRecord r = record.get();
        if (b.source().equals(r.source()) && Objects.equals(b.kmsKeyArn(), r.kmsKeyArn())) {
            return new MountCheck(b.target(), true, true, true, b.target() + " is mounted at " + r.source()
                    + (r.kmsKeyArn() == null ? "" : " with key " + r.kmsKeyArn()) + " (verified after run " + r.runId() + ")");
        }
        return new MountCheck(b.target(), true, true, false, b.target() + " is mounted at " + r.source() + " with key "
                + r.kmsKeyArn() + ", not at " + b.source() + " with key " + b.kmsKeyArn() + ": it is mounted again (unmounted first)");
    }

    /** State SubmitMountRun: imports the notebook and submits the run (a retried submit returns the same run). */
    public MountRun submit(BucketState s) {
        BucketPlan b = s.bucket();
        WorkspaceClient ws = workspace(s);
        String path = settings.notebookPath(b.mountName());
        String notebook = MountNotebook.source(b, s.requestId());
        Databricks.run("create folder " + settings.notebookFolder(), () -> ws.workspace().mkdirs(settings.notebookFolder()));
        Databricks.run("import notebook " + path, () -> ws.workspace().importContent(new Import()
                .setPath(path)
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(Language.PYTHON)
                .setOverwrite(true)
                .setContent(base64(notebook))));
        String token = MountNotebook.idempotencyToken(s.requestId(), s.executionName(), b);
        SubmitRun run = new SubmitRun()
                .setRunName("dbxcp mount " + b.source() + " at " + b.target() + " (" + s.requestId() + ")")
                .setIdempotencyToken(token)
                .setTimeoutSeconds((long) settings.runTimeoutSeconds())
                .setTasks(List.of(new SubmitTask()
                        .setTaskKey("mount")
                        .setNotebookTask(new NotebookTask().setNotebookPath(path).setSource(Source.WORKSPACE))
                        .setNewCluster(cluster(b, s.requestId()))));
        long runId = Databricks.call("submit the mount run of " + b.bucket(), () -> ws.jobs().submit(run).getResponse().getRunId());
        LOG.info("mount run {} submitted for {} at {} (notebook {})", runId, b.source(), b.target(), path);
        return new MountRun(runId, path, token, 0, null, null, null, false, false, "run " + runId + " submitted", null);
    }

    /** A small single-node job cluster with the data role's instance profile: it exists for the one run. */
    ClusterSpec cluster(BucketPlan b, String requestId) {
        return new ClusterSpec()
                .setSparkVersion(settings.sparkVersion())
                .setNodeTypeId(settings.nodeTypeId())
                .setNumWorkers(0L)
                .setSparkConf(Map.of("spark.databricks.cluster.profile", "singleNode", "spark.master", "local[*, 4]"))
                .setCustomTags(Map.of("ResourceClass", "SingleNode", "dbxcp-workflow", "mount-buckets", "dbxcp-request", requestId))
                .setAwsAttributes(new AwsAttributes()
                        .setInstanceProfileArn(b.instanceProfileArn())
                        .setAvailability(AwsAvailability.ON_DEMAND)
                        .setFirstOnDemand(1L));
    }

    /** State GetMountRunState: one poll of the run. */
    public MountRun poll(BucketState s) {
        MountRun last = s.run();
        WorkspaceClient ws = workspace(s);
        Run run = Databricks.call("read mount run " + last.runId(), () -> ws.jobs().getRun(last.runId()));
        RunState state = run.getState() == null ? new RunState() : run.getState();
        RunLifeCycleState life = state.getLifeCycleState();
        RunResultState result = state.getResultState();
        boolean done = life != null && FINAL.contains(life);
        boolean succeeded = done && life == RunLifeCycleState.TERMINATED && result == RunResultState.SUCCESS;
        String message = state.getStateMessage() == null || state.getStateMessage().isBlank() ? null : state.getStateMessage();
        String summary = "job run " + last.runId() + " " + (done ? "ended " : "is ") + life + (result == null ? "" : "/" + result)
                + (message == null ? "" : ": " + message) + (run.getRunPageUrl() == null ? "" : " (" + run.getRunPageUrl() + ")");
        if (done) LOG.info("{}", summary);
        return new MountRun(last.runId(), last.notebookPath(), last.idempotencyToken(), last.polls() + 1,
                life == null ? null : life.name(), result == null ? null : result.name(), message, done, succeeded, summary,
                run.getRunPageUrl());
    }

    /** State VerifyMount: the mount point is in DBFS after the run; records what was mounted. */
    public BucketResult verify(BucketState s) {
        BucketPlan b = s.bucket();
        WorkspaceClient ws = workspace(s);
        long runId = s.run().runId();
        if (Databricks.find("DBFS get-status " + b.target(), () -> ws.dbfs().getStatus(b.target())).isEmpty()) {
            throw new PreconditionFailedException("job run " + runId + " succeeded but DBFS has no " + b.target()
                    + ": the notebook " + s.run().notebookPath() + " did not mount " + b.source());
        }
        MountRecord record = new MountRecord(b.target(), b.source(), b.kmsKeyArn(), b.instanceProfileArn(), runId, s.requestId(),
                clock.instant().toString());
        String path = settings.recordPath(b.mountName());
        Databricks.run("write the mount record " + path, () -> ws.workspace().importContent(new Import()
                .setPath(path)
                .setFormat(ImportFormat.AUTO)
                .setOverwrite(true)
                .setContent(base64(Json.write(record)))));
        LOG.info("{} is mounted at {} (run {})", b.source(), b.target(), runId);
        return new BucketResult(b.bucket(), b.mountName(), Outcome.MOUNTED, b.target(), b.source(), b.instanceProfileArn(), runId,
                null, null, null, null);
    }

    private Optional<MountRecord> readRecord(WorkspaceClient ws, String mountName) {
        String path = settings.recordPath(mountName);
        Optional<ExportResponse> exported = Databricks.find("read the mount record " + path, () -> ws.workspace().export(path));
        return exported.filter(e -> e.getContent() != null).flatMap(e -> {
            try {
                return Optional.of(Json.MAPPER.readValue(Base64.getDecoder().decode(e.getContent()), MountRecord.class));
            } catch (Exception bad) {
                LOG.warn("the mount record {} is not readable ({}): the mount is made again", path, bad.getMessage());
                return Optional.empty();
            }
        });
    }

    private WorkspaceClient workspace(BucketState s) {
        return workspaces.apply(s.workspace().workspaceId(), s.workspace().deploymentName());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
