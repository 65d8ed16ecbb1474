package io.dbxcp.storage.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.json.Json;
import io.dbxcp.storage.model.BucketPlan;
import io.dbxcp.storage.model.MountRequest;
import io.dbxcp.storage.model.WorkspaceRef;
import io.dbxcp.testsupport.SampleEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountRequestServiceTest {
    static final WorkspaceRef WS = new WorkspaceRef(42, "analytics-prod", "analytics prod");

    @Test
    void requestOf_theIntakesInput_isItsRequest() {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.set("request", SampleEvents.detail("bucket-mount-request.json"));

        assertThat(MountRequestService.requestOf(input)).isEqualTo(SampleEvents.detail("bucket-mount-request.json"));
    }

    @Test
    void requestOf_theProvisioningInput_isItsMountsWithTheRequestIdAndWorkspaceId() {
        ObjectNode input = Json.MAPPER.createObjectNode().put("requestId", "req-ws-1");
        input.putObject("workspace").put("workspaceId", 42).put("deploymentName", "analytics-prod");
        input.set("mounts", SampleEvents.detail("workspace-request.json").path("configure").path("mounts"));

        ObjectNode request = MountRequestService.requestOf(input);

        assertThat(request.path("requestId").asText()).isEqualTo("req-ws-1");
        assertThat(request.path("workspaceId").asLong()).isEqualTo(42);
        assertThat(request.path("mode").asText()).isEqualTo("dbfs-mount");
        assertThat(request.path("buckets")).hasSize(3);
    }

    @Test
    void requestOf_theProvisioningInputWithoutItsIds_leavesThemOut_forTheSchemaToName() {
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.set("mounts", SampleEvents.detail("workspace-request.json").path("configure").path("mounts"));

        ObjectNode request = MountRequestService.requestOf(input);

        assertThat(request.has("requestId")).isFalse();
        assertThat(request.has("workspaceId")).isFalse();
    }

    @Test
    void requestOf_neither_isAnInvalidRequestSayingWhatToGive() {
        assertThatThrownBy(() -> MountRequestService.requestOf(Json.MAPPER.createObjectNode()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("request").hasMessageContaining("mounts");
    }

    @Test
    void plan_unityCatalogWithTwoRoles_namesACredentialPerRole_andLocationsAfterTheMountNames() {
        MountRequest r = Json.convert(SampleEvents.detail("bucket-mount-request.json"), MountRequest.class);

        List<BucketPlan> plan = MountRequestService.plan(r, WS);

        assertThat(plan).extracting(BucketPlan::target).containsExactly("raw", "trusted");
        assertThat(plan).extracting(BucketPlan::source).containsExactly("s3://analytics-prod-raw/", "s3://analytics-prod-trusted/");
        assertThat(plan).extracting(BucketPlan::storageCredentialName)
                .containsExactly("analytics-prod-data-databricks-data-raw", "analytics-prod-data-databricks-data-trusted");
        assertThat(plan).extracting(BucketPlan::readOnly).containsExactly(false, true);
    }

    @Test
    void plan_dbfsMount_targetsMountPointsUnderMnt_withS3aSources() {
        ObjectNode mounts = (ObjectNode) SampleEvents.detail("workspace-request.json").path("configure").path("mounts").deepCopy();
        mounts.put("requestId", "r").put("workspaceId", 42);

        List<BucketPlan> plan = MountRequestService.plan(Json.convert(mounts, MountRequest.class), WS);

        assertThat(plan).extracting(BucketPlan::target).containsExactly("/mnt/raw", "/mnt/prepared", "/mnt/trusted");
        assertThat(plan).extracting(BucketPlan::source).containsExactly("s3a://analytics-prod-raw", "s3a://analytics-prod-prepared",
                "s3a://analytics-prod-trusted");
        assertThat(plan).extracting(BucketPlan::storageCredentialName).containsOnlyNulls();
    }

    @Test
    void credentialName_oneRole_isTheRequestsName_andTheDefaultComesFromTheWorkspaceName() {
        assertThat(MountRequestService.credentialName("lake", List.of("arn:aws:iam::1:role/a"), "arn:aws:iam::1:role/a")).isEqualTo("lake");
        assertThat(MountRequestService.defaultCredentialName(WS)).isEqualTo("analytics-prod-data");
        assertThat(MountRequestService.defaultCredentialName(new WorkspaceRef(7, "d", null))).isEqualTo("workspace-7-data");
    }
}
