package io.dbxcp.storage.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import io.dbxcp.local.Execution;
import io.dbxcp.local.template.ResolvedDefinition;
import io.dbxcp.testsupport.ProjectRoot;
import io.dbxcp.testsupport.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mount-buckets started by provision-workspace: a parent that holds exactly the MountBuckets Task
 * provision-workspace adds (src/test/resources/handoff/, its Task and Input as documented in the
 * README), started with provision-workspace's state after its configure step, runs mount-buckets as
 * a nested startExecution.sync:2 on the local runner.
 */
class ProvisioningHandOffTest {
    static MountHarness h;
    static Path parent;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        h = MountHarness.start(0.0, emu -> { });
        ResolvedDefinition child = h.runner().resolve("mount-buckets");
        String arn = h.runner().bindings().stateMachineArn(child.stateMachine());
        String text = Files.readString(ProjectRoot.resolve("functions/storage/src/test/resources/handoff/provision-workspace-mounts.asl.json"));
        parent = dir.resolve("provision-workspace-mounts.asl.json");
        Files.writeString(parent, text.replace("${MountBucketsStateMachineArn}", arn));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void clean() {
        h.emulator().faults().clear();
        h.events();
    }

    /** provision-workspace's state once its workspace is RUNNING and configured: the sample request, the workspace. */
    static ObjectNode provisionState(Workspace w, String requestId) {
        ObjectNode request = (ObjectNode) SampleEvents.copy("workspace-request.json").path("detail");
        request.put("requestId", requestId).put("workspaceName", w.getWorkspaceName()).put("deploymentName", w.getDeploymentName());
        ObjectNode state = Json.MAPPER.createObjectNode().put("workflow", "provision-workspace");
        state.putObject("trigger").put("source", "dbxcp.controlplane").put("detailType", "Workspace Requested");
        state.set("request", request);
        state.putObject("workspace").put("workspaceId", w.getWorkspaceId()).put("workspaceName", w.getWorkspaceName())
                .put("deploymentName", w.getDeploymentName()).put("url", "https://" + w.getDeploymentName() + ".cloud.databricks.com")
                .put("status", "RUNNING").putNull("statusMessage").put("created", true).put("polls", 1);
        return state;
    }

    @Test
    void provisioningState_startsMountBuckets_whichMountsTheRequestsBuckets_andHandsBackItsReport() {
        Workspace w = h.workspace();
        long before = h.lastRequest();

        Execution ex = h.runner().run(parent.toString(), provisionState(w, "req-handoff"), "ws-req-handoff");

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        JsonNode mounts = ex.output().path("mounts");
        assertThat(mounts.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(mounts.at("/report/requestId").asText()).isEqualTo("req-handoff");
        assertThat(mounts.at("/report/mode").asText()).isEqualTo("dbfs-mount");
        Map<String, String> outcomes = StreamSupport.stream(mounts.at("/report/buckets").spliterator(), false)
                .collect(Collectors.toMap(b -> b.path("mountName").asText(), b -> b.path("outcome").asText()));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("raw", "MOUNTED", "prepared", "MOUNTED", "trusted", "MOUNTED"));
        assertThat(StreamSupport.stream(h.contents(w).path("mounts").spliterator(), false).map(m -> m.path("source").asText()))
                .containsExactlyInAnyOrder("s3a://analytics-prod-raw", "s3a://analytics-prod-prepared", "s3a://analytics-prod-trusted");
        assertThat(h.emulator().requests().stream().filter(r -> r.seq() > before && r.path().matches("/api/2\\.0/accounts/[^/]+/workspaces/.*")))
                .as("the deployment name came with the input: no workspace look-up").isEmpty();
        assertThat(h.events()).extracting(e -> e.path("detail-type").asText()).containsExactly("Buckets Mounted");
    }

    @Test
    void mountBucketsThatFails_reachesTheParentAsACaughtTaskFailure_withTheFailedBucketsInItsCause() {
        Workspace w = h.workspace();
        h.emulator().scenario().failNextJobRun(w.getWorkspaceId(), "Cluster terminated: instance profile cannot be used");

        Execution ex = h.runner().run(parent.toString(), provisionState(w, "req-handoff-fails"), "ws-req-handoff-fails");

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        JsonNode mounts = ex.output().path("mounts");
        assertThat(mounts.path("status").asText()).isEqualTo("FAILED");
        assertThat(mounts.path("error").asText()).isEqualTo("States.TaskFailed");
        JsonNode child = Json.read(mounts.path("cause").asText());
        assertThat(child.path("Status").asText()).isEqualTo("FAILED");
        assertThat(child.path("Error").asText()).isEqualTo("BucketMountFailed");
        assertThat(child.path("Cause").asText()).contains("1 of 3 bucket(s) failed", "instance profile cannot be used");
        assertThat(h.events()).singleElement().satisfies(e -> assertThat(e.at("/detail/status").asText()).isEqualTo("PARTIAL"));
    }
}
