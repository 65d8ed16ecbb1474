package io.dbxcp.keys.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.local.Execution;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key checks end to end: KMS rotation events and the CloudTrail records of DisableKey,
 * ScheduleKeyDeletion and PutKeyPolicy, routed as the intake routes them, on the real state machine
 * and handlers; the workspaces that use a key are found in the emulator, the key is read in moto.
 */
class KeyCheckWorkflowTest {
    static KeyHarness h;

    @BeforeAll
    static void start() {
        h = KeyHarness.start(0.02, emu -> { });
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

    /** The sample KMS CMK Rotation event, for a key of moto's account. */
    static ObjectNode rotation(String keyArn) {
        ObjectNode e = (ObjectNode) KeyHarness.sample("kms-cmk-rotation.json");
        e.put("id", UUID.randomUUID().toString());
        e.put("account", h.fixtures().awsAccount());
        e.putArray("resources").add(keyArn);
        ((ObjectNode) e.path("detail")).put("key-id", keyArn.substring(keyArn.lastIndexOf('/') + 1));
        return e;
    }

    /** A CloudTrail sample for a key of moto's account, without the fixture preparer. */
    static ObjectNode cloudTrail(String file, String keyArn) {
        ObjectNode e = (ObjectNode) KeyHarness.sample(file);
        e.put("id", UUID.randomUUID().toString());
        e.put("account", h.fixtures().awsAccount());
        ObjectNode d = (ObjectNode) e.path("detail");
        ((ObjectNode) d.path("requestParameters")).put("keyId", keyArn);
        ((ObjectNode) d.path("resources").path(0)).put("ARN", keyArn);
        return e;
    }

    static JsonNode only(List<JsonNode> events, String type) {
        assertThat(events).extracting(e -> e.path("detail-type").asText()).containsExactly(type);
        return events.get(0).path("detail");
    }

    static List<Long> ids(JsonNode workspaces) {
        return java.util.stream.StreamSupport.stream(workspaces.spliterator(), false).map(w -> w.path("workspaceId").asLong()).toList();
    }

    static void assertSucceeded(Execution ex) {
        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
    }

    @Test
    void rotateKey_passesTheRunnersCheck_substitutionsHandlersErrorNamesAndTheEngine() {
        assertThat(h.runner().check("rotate-key")).isEmpty();
    }

    @Test
    void rotationEvent_verifiesEveryWorkspaceThatUsesTheKey_forWhatEachUsesItFor() {
        var f = h.fixtures();
        String k = f.key("rotated");
        Workspace ms = f.workspace("rot-ms", f.keyConfiguration(k, KeyUseCase.MANAGED_SERVICES), null, false);
        Workspace storage = f.workspace("rot-st", null, f.keyConfiguration(k, KeyUseCase.STORAGE), true);
        Workspace other = f.workspace("rot-other", f.keyConfiguration(f.key("another"), KeyUseCase.MANAGED_SERVICES), null, false);

        Execution ex = h.runEvent(rotation(k));

        assertSucceeded(ex);
        JsonNode d = only(h.events(), "Key Rotation Verified");
        assertThat(d.path("keyArn").asText()).isEqualTo(k);
        assertThat(d.path("keyState").asText()).isEqualTo("Enabled");
        assertThat(d.path("rotatedAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(ids(d.path("workspaces"))).containsExactlyInAnyOrder(ms.getWorkspaceId(), storage.getWorkspaceId())
                .doesNotContain(other.getWorkspaceId());
        for (JsonNode w : d.path("workspaces")) {
            if (w.path("workspaceId").asLong() == storage.getWorkspaceId()) {
                assertThat(w.path("useCases")).extracting(JsonNode::asText).containsExactly("STORAGE");
                assertThat(w.path("checked")).extracting(JsonNode::asText).containsExactly("STORAGE", "CLUSTER_VOLUMES");
            } else {
                assertThat(w.path("checked")).extracting(JsonNode::asText).containsExactly("MANAGED_SERVICES");
            }
        }
    }

    @Test
    void rotationEvent_ofAKeyWhosePolicyLostDatabricks_isReportedAtRiskNamingEveryWorkspace() {
        var f = h.fixtures();
        String k = f.key("lost grant");
        Workspace a = f.workspace("lost-a", f.keyConfiguration(k, KeyUseCase.MANAGED_SERVICES), null, false);
        Workspace b = f.workspace("lost-b", f.keyConfiguration(k, KeyUseCase.MANAGED_SERVICES), null, false);
        f.putPolicy(k, f.policyWithoutDatabricks());

        Execution ex = h.runEvent(rotation(k));

        assertSucceeded(ex);
        JsonNode d = only(h.events(), "Key At Risk");
        assertThat(d.path("reason").asText()).isEqualTo("CHECK_FAILED");
        assertThat(d.path("stillAtRisk").asBoolean()).isTrue();
        assertThat(d.path("urgency").asText()).isEqualTo("IMMEDIATE");
        assertThat(ids(d.path("workspaces"))).containsExactlyInAnyOrder(a.getWorkspaceId(), b.getWorkspaceId());
        assertThat(d.path("problems")).singleElement().satisfies(p -> assertThat(p.asText())
                .contains("key policy does not allow arn:aws:iam::414351767826:root kms:Encrypt, kms:Decrypt (needed for MANAGED_SERVICES)"));
        assertThat(d.at("/workspaces/0/impact").asText()).contains("notebooks, secrets").contains("cached data encryption key");
    }

    @Test
    void rotationEvent_ofAKeyNoWorkspaceUses_announcesNothing() {
        String k = h.fixtures().key("unused");
        h.fixtures().keyConfiguration(k, KeyUseCase.MANAGED_SERVICES); // registered, but no workspace holds it

        Execution ex = h.runEvent(rotation(k));

        assertSucceeded(ex);
        assertThat(ex.output().path("verdict").asText()).isEqualTo("NOT_USED");
        assertThat(ex.output().path("summary").asText()).contains("1 key configuration(s) name it");
        assertThat(h.events()).isEmpty();
    }

    @Test
    void disableKeyRecord_isKeyAtRisk_effectiveNow_namingWhoAndEveryWorkspace() {
        Execution ex = h.runPrepared(KeyHarness.sample("cloudtrail-kms-disable-key.json"));

        assertSucceeded(ex);
        JsonNode d = only(h.events(), "Key At Risk");
        assertThat(d.path("reason").asText()).isEqualTo("DISABLED");
        assertThat(d.path("keyState").asText()).isEqualTo("Disabled");
        assertThat(d.path("urgency").asText()).isEqualTo("IMMEDIATE");
        assertThat(d.path("deadline").isNull()).isTrue();
        assertThat(d.path("changedBy").asText()).isEqualTo("arn:aws:sts::111122223333:assumed-role/Admin/alice");
        assertThat(d.path("changedAt").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(d.path("stillAtRisk").asBoolean()).isTrue();
        assertThat(d.path("workspaces")).singleElement().satisfies(w -> {
            assertThat(w.path("useCases")).extracting(JsonNode::asText).containsExactly("MANAGED_SERVICES");
            assertThat(w.path("impact").asText()).isNotBlank();
        });
        assertThat(d.path("problems").toString()).contains("is disabled");
        assertThat(d.path("whatToDo").asText()).contains("aws kms enable-key --key-id " + d.path("keyArn").asText());
    }

    @Test
    void scheduleKeyDeletionRecord_isKeyAtRisk_withTheDeletionDateAsDeadline() {
        Execution ex = h.runPrepared(KeyHarness.sample("cloudtrail-kms-schedule-key-deletion.json"));

        assertSucceeded(ex);
        JsonNode d = only(h.events(), "Key At Risk");
        assertThat(d.path("reason").asText()).isEqualTo("DELETION_SCHEDULED");
        assertThat(d.path("keyState").asText()).isEqualTo("PendingDeletion");
        assertThat(d.path("urgency").asText()).isEqualTo("BEFORE_DEADLINE");
        Instant deadline = Instant.parse(d.path("deadline").asText());
        assertThat(deadline).isEqualTo(Instant.parse(ex.history().get(0).input().at("/request/deletionDate").asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(d.path("workspaces")).hasSize(1);
        assertThat(d.path("whatToDo").asText()).contains("cancel-key-deletion").contains("before " + deadline);
        assertThat(d.path("problems").toString()).contains("is pending deletion");
    }

    @Test
    void putKeyPolicyRecord_thatRemovesDatabricks_isKeyAtRisk() {
        Execution ex = h.runPrepared(KeyHarness.sample("cloudtrail-kms-put-key-policy.json"));

        assertSucceeded(ex);
        JsonNode d = only(h.events(), "Key At Risk");
        assertThat(d.path("reason").asText()).isEqualTo("POLICY_CHANGED");
        assertThat(d.path("keyState").asText()).isEqualTo("Enabled");
        assertThat(d.path("changedBy").asText()).endsWith("/alice");
        assertThat(d.path("problems").toString()).contains("does not allow arn:aws:iam::414351767826:root");
        assertThat(d.path("workspaces")).hasSize(1);
    }

    @Test
    void putKeyPolicyRecord_thatStillGrantsDatabricks_isKeyPolicyVerified() {
        var f = h.fixtures();
        String k = f.key("policy kept");
        Workspace w = f.workspace("kept", null, f.keyConfiguration(k, KeyUseCase.STORAGE), false);

        Execution ex = h.runEvent(cloudTrail("cloudtrail-kms-put-key-policy.json", k));

        assertSucceeded(ex);
        JsonNode d = only(h.events(), "Key Policy Verified");
        assertThat(d.path("changedBy").asText()).endsWith("/alice");
        assertThat(ids(d.path("workspaces"))).containsExactly(w.getWorkspaceId());
    }

    @Test
    void disableKeyRecord_ofAKeyEnabledAgainSince_isStillAnnounced_butNotStillAtRisk() {
        var f = h.fixtures();
        String k = f.key("enabled again");
        f.workspace("again", f.keyConfiguration(k, KeyUseCase.MANAGED_SERVICES), null, false);

        Execution ex = h.runEvent(cloudTrail("cloudtrail-kms-disable-key.json", k));

        assertSucceeded(ex);
        JsonNode d = only(h.events(), "Key At Risk");
        assertThat(d.path("stillAtRisk").asBoolean()).isFalse();
        assertThat(d.path("problems")).isEmpty();
        assertThat(d.path("whatToDo").asText()).contains("serves Databricks again");
    }

    @Test
    void onDemandCheckFromTheConsole_verifiesTheKey() {
        var f = h.fixtures();
        String k = f.key("on demand");
        f.workspace("demand", f.keyConfiguration(k, KeyUseCase.MANAGED_SERVICES), null, false);

        Execution ex = h.run(Json.read("{\"request\":{\"keyArn\":\"" + k + "\"}}"), "check-" + UUID.randomUUID());

        assertSucceeded(ex);
        assertThat(only(h.events(), "Key Rotation Verified").path("workspaces")).hasSize(1);
    }

    @Test
    void databricksRefusingTheLookUp_isKeyCheckFailed_andTheExecutionFails() {
        String k = h.fixtures().key("refused");
        h.emulator().faults().add(Faults.Rule.error("GET", "/api/2.0/accounts/*/customer-managed-keys", 1, 403, "PERMISSION_DENIED",
                "not an account admin"));

        Execution ex = h.runEvent(rotation(k));

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("RotateKeyFailed");
        JsonNode d = only(h.events(), "Key Check Failed");
        assertThat(d.path("keyArn").asText()).isEqualTo(k);
        assertThat(d.path("failedStep").asText()).isEqualTo("FindKeyUsers");
        assertThat(d.path("cause").asText()).contains("not an account admin");
    }
}
