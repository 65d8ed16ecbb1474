package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.AddInstanceProfile;
import com.databricks.sdk.service.compute.AwsAttributes;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.files.FileInfo;
import com.databricks.sdk.service.jobs.NotebookTask;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.UpdateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One-time job runs (runs/submit, runs/get) and the DBFS mounts a mount notebook records. */
class JobsAndMountsContractTest {
  static final String NOTEBOOK = "/Shared/dbxcp/mount_buckets";
  static final String PROFILE = "arn:aws:iam::123456789012:instance-profile/data-lake";

  @RegisterExtension static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

  Fixtures f;
  Workspace w;
  WorkspaceClient ws;

  @BeforeEach
  void workspace() {
    f = new Fixtures(emu);
    w = f.runningWorkspace();
    ws = f.workspaceClient(w);
    ws.instanceProfiles().add(new AddInstanceProfile().setInstanceProfileArn(PROFILE));
    ws.workspace().mkdirs("/Shared/dbxcp");
  }

  private void notebook(String source) {
    ws.workspace()
        .importContent(
            new Import()
                .setPath(NOTEBOOK)
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(Language.PYTHON)
                .setOverwrite(true)
                .setContent(Base64.getEncoder().encodeToString(source.getBytes(StandardCharsets.UTF_8))));
  }

  private static SubmitRun mountRun(Map<String, String> parameters) {
    return new SubmitRun()
        .setRunName("mount buckets")
        .setTasks(
            List.of(
                new SubmitTask()
                    .setTaskKey("mount")
                    .setNotebookTask(new NotebookTask().setNotebookPath(NOTEBOOK).setBaseParameters(parameters))
                    .setNewCluster(
                        new ClusterSpec()
                            .setSparkVersion("15.4.x-scala2.12")
                            .setNodeTypeId("i3.xlarge")
                            .setNumWorkers(1L)
                            .setAwsAttributes(new AwsAttributes().setInstanceProfileArn(PROFILE)))));
  }

  private Run submitAndWait(SubmitRun run) throws Exception {
    return ws.jobs().submit(run).get(Duration.ofSeconds(30));
  }

  @Test
  void runsSubmit_mountNamedInBaseParameters_endsSuccessAndDbfsFindsTheMount() throws Exception {
    notebook("dbutils.fs.mount(dbutils.widgets.get('source'), '/mnt/' + dbutils.widgets.get('mount_name'))");

    Run run = submitAndWait(mountRun(Map.of("mount_name", "raw", "source", "s3a://acme-raw")));

    assertThat(run.getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.TERMINATED);
    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    FileInfo mount = ws.dbfs().getStatus("/mnt/raw");
    assertThat(mount.getIsDir()).isTrue();
    assertThat(ws.dbfs().list("/mnt")).extracting(FileInfo::getPath).containsExactly("/mnt/raw");
    assertThat(emu.state().at("/workspaces/0/contents/mounts/0/source").asText()).isEqualTo("s3a://acme-raw");
  }

  @Test
  void runsSubmit_mountsListedAsJsonInBaseParameters_recordsEachOne() throws Exception {
    notebook("# mounts each entry of the 'mounts' widget");

    submitAndWait(
        mountRun(Map.of("mounts", "[{\"mount_name\":\"raw\",\"source\":\"s3a://acme-raw\"},{\"mount_point\":\"/mnt/trusted\",\"source\":\"s3a://acme-trusted/data\"}]")));

    assertThat(ws.dbfs().list("/mnt")).extracting(FileInfo::getPath).containsExactly("/mnt/raw", "/mnt/trusted");
  }

  @Test
  void runsSubmit_notebookSourceCallsDbutilsMount_recordsTheLiteralMounts() throws Exception {
    notebook(
        """
        dbutils.fs.mount(source="s3a://acme-raw", mount_point="/mnt/raw", extra_configs={"fs.s3a.server-side-encryption-algorithm": "SSE-KMS"})
        dbutils.fs.mount("s3a://acme-prepared/zone", "/mnt/prepared")
        """);

    submitAndWait(mountRun(null));

    assertThat(ws.dbfs().list("/mnt")).extracting(FileInfo::getPath).containsExactly("/mnt/prepared", "/mnt/raw");
  }

  @Test
  void runsSubmit_mountPointAlreadyMounted_endsFailedUnlessTheNotebookUnmountsFirst() throws Exception {
    notebook("dbutils.fs.mount('s3a://acme-raw', '/mnt/raw')");
    submitAndWait(mountRun(null));

    Run again = submitAndWait(mountRun(null));
    assertThat(again.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(again.getState().getStateMessage()).contains("Directory already mounted: /mnt/raw");

    notebook("dbutils.fs.unmount('/mnt/raw')\ndbutils.fs.mount('s3a://acme-raw-v2', '/mnt/raw')");
    assertThat(submitAndWait(mountRun(null)).getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    assertThat(emu.state().at("/workspaces/0/contents/mounts/0/source").asText()).isEqualTo("s3a://acme-raw-v2");
  }

  @Test
  void runsSubmit_notebookThatDoesNotExist_endsFailedAndMountsNothing() throws Exception {
    Run run = submitAndWait(mountRun(Map.of("mount_name", "raw", "source", "s3a://acme-raw")));

    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(run.getState().getStateMessage()).contains("Notebook not found");
    assertThatThrownBy(() -> ws.dbfs().getStatus("/mnt/raw")).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void runsSubmit_lifeCycle_isPendingThenRunningThenTerminatedWithSuccess() {
    emu.scenario().jobRunTimes(Duration.ofMinutes(1), Duration.ofMinutes(2));
    notebook("dbutils.fs.mount('s3a://acme-raw', '/mnt/raw')");

    long runId = ws.jobs().submit(mountRun(null)).getResponse().getRunId();

    assertThat(ws.jobs().getRun(runId).getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.PENDING);
    emu.clock().advance(Duration.ofMinutes(1));
    assertThat(ws.jobs().getRun(runId).getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.RUNNING);
    assertThatThrownBy(() -> ws.dbfs().getStatus("/mnt/raw")).isInstanceOf(ResourceDoesNotExist.class);
    emu.clock().advance(Duration.ofMinutes(2));
    Run done = ws.jobs().getRun(runId);
    assertThat(done.getState().getLifeCycleState()).isEqualTo(RunLifeCycleState.TERMINATED);
    assertThat(done.getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
    assertThat(ws.dbfs().getStatus("/mnt/raw").getIsDir()).isTrue();
  }

  @Test
  void runsSubmit_jobClusterWhileTheRunLasts_blocksAWorkspacePatch() {
    emu.scenario().jobRunTimes(Duration.ZERO, Duration.ofMinutes(5));
    notebook("dbutils.fs.mount('s3a://acme-raw', '/mnt/raw')");
    ws.jobs().submit(mountRun(null));
    String key = f.key(KeyUseCase.MANAGED_SERVICES).getCustomerManagedKeyId();
    UpdateWorkspaceRequest patch =
        new UpdateWorkspaceRequest()
            .setWorkspaceId(w.getWorkspaceId())
            .setUpdateMask("managed_services_customer_managed_key_id")
            .setCustomerFacingWorkspace(new Workspace().setManagedServicesCustomerManagedKeyId(key));

    assertThatThrownBy(() -> f.a.workspaces().update(patch)).isInstanceOf(InvalidState.class);
    emu.clock().advance(Duration.ofMinutes(5));
    assertThat(f.a.workspaces().update(patch).getResponse().getManagedServicesCustomerManagedKeyId()).isEqualTo(key);
  }

  @Test
  void runsSubmit_sameIdempotencyToken_answersTheSameRun() {
    notebook("pass");

    long first = ws.jobs().submit(mountRun(null).setIdempotencyToken("mount-1")).getResponse().getRunId();
    long second = ws.jobs().submit(mountRun(null).setIdempotencyToken("mount-1")).getResponse().getRunId();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void runsSubmit_scenarioFailsTheNextRun_endsFailedWithTheMessage() throws Exception {
    notebook("dbutils.fs.mount('s3a://acme-raw', '/mnt/raw')");
    emu.scenario().failNextJobRun(w.getWorkspaceId(), "AccessDenied: s3a://acme-raw");

    Run run = submitAndWait(mountRun(null));

    assertThat(run.getState().getResultState()).isEqualTo(RunResultState.FAILED);
    assertThat(run.getState().getStateMessage()).isEqualTo("AccessDenied: s3a://acme-raw");
    assertThat(submitAndWait(mountRun(null)).getState().getResultState()).isEqualTo(RunResultState.SUCCESS);
  }

  @Test
  void runsGet_unknownRun_isResourceDoesNotExist() {
    assertThatThrownBy(() -> ws.jobs().getRun(123456L)).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void dbfs_rootAndUnknownPaths_answerLikeDatabricks() {
    assertThat(ws.dbfs().list("/")).extracting(FileInfo::getPath).contains("/mnt", "/FileStore");
    assertThat(ws.dbfs().list("/mnt")).isEmpty();
    assertThatThrownBy(() -> ws.dbfs().getStatus("/mnt/nothing"))
        .isInstanceOf(ResourceDoesNotExist.class)
        .hasMessage("No file or directory exists on path /mnt/nothing.");
  }
}
