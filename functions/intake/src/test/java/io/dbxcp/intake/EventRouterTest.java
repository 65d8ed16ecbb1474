package io.dbxcp.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.testsupport.SampleEvents;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventRouterTest {
    private final EventRouter router = new EventRouter();

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("workspace-request.json", Workflow.PROVISION_WORKSPACE, "ws-req-analytics-prod-001"),
                Arguments.of("workspace-request-minimal.json", Workflow.PROVISION_WORKSPACE, "ws-req-sandbox-001"),
                Arguments.of("workspace-request-privatelink.json", Workflow.PROVISION_WORKSPACE, "ws-req-secure-001"),
                Arguments.of("controltower-create-managed-account.json", Workflow.ONBOARD_ACCOUNT, "onboard-444455556666-9c4d5e6f-7a8b-4c3d-9e4f-5a6b7c8d9e0f"),
                Arguments.of("organizations-create-account-result.json", Workflow.ONBOARD_ACCOUNT, "onboard-777788889999-car-7d8e9f0a1b2c3d4e"),
                Arguments.of("kms-cmk-rotation.json", Workflow.ROTATE_KEY, "key-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d-be6f7a8b-9c0d-4e5f-9a6b-7c8d9e0f1a2b"),
                Arguments.of("key-replacement-request.json", Workflow.ROTATE_KEY, "key-replace-req-rotate-ms-key-001"),
                Arguments.of("cloudtrail-kms-disable-key.json", Workflow.ROTATE_KEY, "key-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d-d08b9c0d-1e2f-4a7b-9c8d-9e0f1a2b3c4d"),
                Arguments.of("cloudtrail-kms-schedule-key-deletion.json", Workflow.ROTATE_KEY, "key-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d-e19c0d1e-2f3a-4b8c-8d9e-0f1a2b3c4d5e"),
                Arguments.of("cloudtrail-kms-put-key-policy.json", Workflow.ROTATE_KEY, "key-1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d-f2ad1e2f-3a4b-4c9d-9e0f-1a2b3c4d5e6f"),
                Arguments.of("secret-rotation-request.json", Workflow.ROTATE_SECRETS, "rotate-req-rotate-automation-001"),
                Arguments.of("secretsmanager-rotation-succeeded.json", Workflow.SYNC_SECRET_SCOPES, null),
                Arguments.of("bucket-mount-request.json", Workflow.MOUNT_BUCKETS, "mount-req-mount-analytics-001"));
    }

    @ParameterizedTest(name = "{0} routes to {1}")
    @MethodSource("samples")
    void route_sampleEvent_startsItsWorkflowWithANameFromTheRequestIdentity(String file, Workflow workflow, String name) {
        Routed r = router.route(SampleEvents.json(file));

        assertThat(r.workflow()).isEqualTo(workflow);
        if (name != null) assertThat(r.executionName()).isEqualTo(name);
        assertThat(r.executionName()).matches("[A-Za-z0-9_-]{1,80}");
        assertThat(r.input().path("workflow").asText()).isEqualTo(workflow.id());
        assertThat(r.input().path("trigger").path("eventId").asText()).isEqualTo(SampleEvents.json(file).path("id").asText());
    }

    @Test
    void route_everySampleFile_isCoveredByTheTable() {
        assertThat(samples().map(a -> (String) a.get()[0]).toList()).containsExactlyInAnyOrderElementsOf(SampleEvents.all());
    }

    @Test
    void route_workspaceRequest_passesTheDetailAsTheRequest() {
        JsonNode event = SampleEvents.json("workspace-request.json");
        assertThat(router.route(event).input().path("request")).isEqualTo(event.path("detail"));
    }

    @Test
    void route_controlTowerEvent_normalisesTheNewAccount() {
        JsonNode request = router.route(SampleEvents.json("controltower-create-managed-account.json")).input().path("request");
        assertThat(request.path("origin").asText()).isEqualTo("CONTROL_TOWER");
        assertThat(request.path("accountId").asText()).isEqualTo("444455556666");
        assertThat(request.path("accountName").asText()).isEqualTo("analytics-dev");
        assertThat(request.path("region").asText()).isEqualTo("us-east-1");
    }

    @Test
    void route_organizationsEvent_normalisesTheNewAccount() {
        JsonNode request = router.route(SampleEvents.json("organizations-create-account-result.json")).input().path("request");
        assertThat(request.path("origin").asText()).isEqualTo("ORGANIZATIONS");
        assertThat(request.path("accountId").asText()).isEqualTo("777788889999");
        assertThat(request.path("createAccountRequestId").asText()).isEqualTo("car-7d8e9f0a1b2c3d4e");
    }

    @Test
    void route_kmsRotation_namesTheKeyArnFromResources() {
        JsonNode request = router.route(SampleEvents.json("kms-cmk-rotation.json")).input().path("request");
        assertThat(request.path("kind").asText()).isEqualTo("ROTATED");
        assertThat(request.path("keyArn").asText()).isEqualTo("arn:aws:kms:us-east-1:111122223333:key/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d");
    }

    @Test
    void route_scheduleKeyDeletion_carriesTheDeletionDateAsIso() {
        JsonNode request = router.route(SampleEvents.json("cloudtrail-kms-schedule-key-deletion.json")).input().path("request");
        assertThat(request.path("kind").asText()).isEqualTo("DELETION_SCHEDULED");
        assertThat(request.path("deletionDate").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(request.path("changedBy").asText()).isEqualTo("arn:aws:sts::111122223333:assumed-role/Admin/alice");
    }

    @Test
    void route_disableKeyAndPutKeyPolicy_areKeyChecks() {
        assertThat(router.route(SampleEvents.json("cloudtrail-kms-disable-key.json")).input().path("request").path("kind").asText()).isEqualTo("DISABLED");
        assertThat(router.route(SampleEvents.json("cloudtrail-kms-put-key-policy.json")).input().path("request").path("kind").asText()).isEqualTo("POLICY_CHANGED");
    }

    @Test
    void route_keyReplacement_isMarkedReplace() {
        JsonNode request = router.route(SampleEvents.json("key-replacement-request.json")).input().path("request");
        assertThat(request.path("kind").asText()).isEqualTo("REPLACE");
        assertThat(request.path("useCase").asText()).isEqualTo("MANAGED_SERVICES");
    }

    @Test
    void route_rotationSucceeded_namesTheSecret() {
        var r = router.route(SampleEvents.json("secretsmanager-rotation-succeeded.json"));
        assertThat(r.input().path("request").path("secretId").asText()).startsWith("arn:aws:secretsmanager:us-east-1:111122223333:secret:dbxcp/");
        assertThat(r.executionName()).startsWith("scope-sync-").hasSizeLessThanOrEqualTo(80);
    }

    @Test
    void route_sameEventTwice_givesTheSameNameAndInput() {
        for (String file : SampleEvents.all()) {
            Routed a = router.route(SampleEvents.json(file));
            Routed b = router.route(SampleEvents.json(file));
            assertThat(b.executionName()).as(file).isEqualTo(a.executionName());
            assertThat(b.input()).as(file).isEqualTo(a.input());
        }
    }

    @Test
    void route_unknownDetailType_isRefusedNamingSourceAndType() {
        var event = SampleEvents.copy("workspace-request.json").put("detail-type", "Workspace Deleted");
        assertThatThrownBy(() -> router.route(event))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> {
                            assertThat(v.field()).isEqualTo("detail-type");
                            assertThat(v.reason()).contains("dbxcp.controlplane").contains("Workspace Deleted");
                        }));
    }

    @Test
    void executionNames_longIdentity_isCutAndHashedWithinEightyCharacters() {
        String a = ExecutionNames.of("scope-sync", "x".repeat(200));
        String b = ExecutionNames.of("scope-sync", "x".repeat(199) + "y");
        assertThat(a).hasSize(80).matches("[A-Za-z0-9_-]+").isNotEqualTo(b);
        assertThat(ExecutionNames.of("ws", "a:b")).isNotEqualTo(ExecutionNames.of("ws", "a_b"));
    }
}
