package io.dbxcp.keys.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.local.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Key replacement end to end: Key Replacement Requested events routed as the intake routes them,
 * the real state machine and handlers, the emulator's PATCH rules (update_mask, add-once storage
 * key, running compute, PROVISIONING after a PATCH, silent reverts, 429s) and keys made in moto.
 */
class KeyReplacementWorkflowTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    static KeyHarness h;

    @BeforeAll
    static void start() {
        // Waits scaled 1:50 (a 30 s wait takes 0.6 s): polls keep their order against the emulator's clock.
        // A PATCH re-provisions a workspace with a Databricks-managed VPC for 300 ms.
        h = KeyHarness.start(0.02, emu -> emu.patchProvisioningTime(Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void clean() {
        h.emulator().faults().clear();
        h.onProgress(line -> { });
        h.events();
    }

    /** A Key Replacement Requested event of its own request id. */
    static ObjectNode request(String useCase, String newKeyArn) {
        ObjectNode event = (ObjectNode) KeyHarness.sample("key-replacement-request.json");
        ObjectNode d = (ObjectNode) event.path("detail");
        d.put("requestId", "req-keys-" + SEQ.incrementAndGet());
        d.put("useCase", useCase);
        d.put("newKeyArn", newKeyArn);
        d.remove("oldKeyArn");
        d.remove("waitForIdleComputeMinutes");
        return event;
    }

    static ObjectNode forWorkspaces(ObjectNode event, Workspace... workspaces) {
        ArrayNode ids = ((ObjectNode) event.path("detail")).putArray("workspaceIds");
        for (Workspace w : workspaces) ids.add(w.getWorkspaceId());
        return event;
    }

    static ObjectNode fromOldKey(ObjectNode event, String oldKeyArn) {
        ((ObjectNode) event.path("detail")).put("oldKeyArn", oldKeyArn);
        return event;
    }

    static ObjectNode waiting(ObjectNode event, int minutes) {
        ((ObjectNode) event.path("detail")).put("waitForIdleComputeMinutes", minutes);
        return event;
    }

    String configOf(String keyArn, KeyUseCase use) {
        return StreamSupport.stream(h.account().encryptionKeys().list().spliterator(), false)
                .filter(k -> k.getAwsKeyInfo() != null && keyArn.equals(k.getAwsKeyInfo().getKeyArn()) && k.getUseCases().contains(use))
                .map(CustomerManagedKey::getCustomerManagedKeyId).findFirst().orElse(null);
    }

    long configsOf(String keyArn) {
        return StreamSupport.stream(h.account().encryptionKeys().list().spliterator(), false)
                .filter(k -> k.getAwsKeyInfo() != null && keyArn.equals(k.getAwsKeyInfo().getKeyArn())).count();
    }

    static void assertSucceeded(Execution ex) {
        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
    }

    @Test
    void managedServicesKey_addedToRunningWorkspaces_thenRotatedToAnotherKeyByTheOldKeysArn() {
        var f = h.fixtures();
        Workspace a = f.workspace("ms-a", null, null, false);
        Workspace b = f.workspace("ms-b", null, null, true);
        String k1 = f.key("ms k1");
        long before = h.lastRequest();

        Execution added = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k1), a, b));

        assertSucceeded(added);
        String c1 = configOf(k1, KeyUseCase.MANAGED_SERVICES);
        assertThat(c1).as("k1 registered for MANAGED_SERVICES").isNotNull();
        assertThat(h.workspace(a.getWorkspaceId()).getManagedServicesCustomerManagedKeyId()).isEqualTo(c1);
        assertThat(h.workspace(b.getWorkspaceId()).getManagedServicesCustomerManagedKeyId()).isEqualTo(c1);
        assertThat(h.patches(before)).hasSize(2).allSatisfy(p ->
                assertThat(p.query()).isEqualTo("update_mask=managed_services_customer_managed_key_id"));
        assertThat(added.events("StateEntered", "GetWorkspaceStatus")).as("polled after each PATCH").hasSizeGreaterThanOrEqualTo(2);
        List<JsonNode> events = h.events();
        assertThat(KeyHarness.ofType(events, "Workspace Key Updated")).hasSize(2).allSatisfy(e -> {
            assertThat(e.at("/detail/outcome").asText()).isEqualTo("UPDATED");
            assertThat(e.at("/detail/field").asText()).isEqualTo("managed_services_customer_managed_key_id");
            assertThat(e.at("/detail/newKeyConfigurationId").asText()).isEqualTo(c1);
            assertThat(e.at("/detail/previousKeyConfigurationId").isMissingNode()).isTrue();
            assertThat(e.at("/detail/clustersMayStartAfter").isMissingNode()).as("only after a storage key change").isTrue();
        });
        assertThat(KeyHarness.ofType(events, "Key Replacement Completed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/status").asText()).isEqualTo("SUCCEEDED");
            assertThat(e.at("/detail/counts/updated").asInt()).isEqualTo(2);
            assertThat(e.at("/detail/newKeyRegistered").asBoolean()).isTrue();
        });

        String k2 = f.key("ms k2");
        Execution rotated = h.runEvent(fromOldKey(request("MANAGED_SERVICES", k2), k1));

        assertSucceeded(rotated);
        String c2 = configOf(k2, KeyUseCase.MANAGED_SERVICES);
        assertThat(h.workspace(a.getWorkspaceId()).getManagedServicesCustomerManagedKeyId()).isEqualTo(c2);
        assertThat(h.workspace(b.getWorkspaceId()).getManagedServicesCustomerManagedKeyId()).isEqualTo(c2);
        assertThat(rotated.output().at("/workspaces")).extracting(w -> w.path("previousKeyConfigurationId").asText())
                .containsOnly(c1);
        assertThat(KeyHarness.ofType(h.events(), "Workspace Key Updated")).hasSize(2);
    }

    @Test
    void sameRequestAgain_findsTheKeySetAlready_andSendsNoPatchAndRegistersNothing() {
        var f = h.fixtures();
        Workspace w = f.workspace("rerun", null, null, false);
        String k = f.key("rerun");
        ObjectNode event = forWorkspaces(request("MANAGED_SERVICES", k), w);
        assertSucceeded(h.runEvent(event));
        h.events();
        long before = h.lastRequest();

        ObjectNode again = event.deepCopy();
        ((ObjectNode) again.path("detail")).put("requestId", "req-keys-rerun-" + SEQ.incrementAndGet());
        Execution ex = h.runEvent(again);

        assertSucceeded(ex);
        assertThat(ex.output().at("/workspaces/0/outcome").asText()).isEqualTo("ALREADY_SET");
        assertThat(ex.output().at("/newKeyRegistered").asBoolean()).isFalse();
        assertThat(h.patches(before)).isEmpty();
        assertThat(configsOf(k)).isEqualTo(1);
        List<JsonNode> events = h.events();
        assertThat(KeyHarness.ofType(events, "Workspace Key Updated")).isEmpty();
        assertThat(KeyHarness.ofType(events, "Key Replacement Completed")).singleElement()
                .satisfies(e -> assertThat(e.at("/detail/counts/alreadySet").asInt()).isEqualTo(1));
    }

    @Test
    void storageKey_isAddedOnce_andASecondReplacementIsRefusedBeforeAnyPatch() {
        var f = h.fixtures();
        Workspace w = f.workspace("storage", null, null, false);
        String k1 = f.key("storage k1");

        Execution added = h.runEvent(forWorkspaces(request("STORAGE", k1), w));

        assertSucceeded(added);
        String c1 = configOf(k1, KeyUseCase.STORAGE);
        assertThat(h.workspace(w.getWorkspaceId()).getStorageCustomerManagedKeyId()).isEqualTo(c1);
        JsonNode updated = KeyHarness.ofType(h.events(), "Workspace Key Updated").get(0).path("detail");
        assertThat(updated.path("field").asText()).isEqualTo("storage_customer_managed_key_id");
        Instant patchedAt = Instant.parse(updated.path("patchedAt").asText());
        assertThat(Instant.parse(updated.path("clustersMayStartAfter").asText())).isEqualTo(patchedAt.plus(Duration.ofMinutes(20)));
        assertThat(updated.path("reason").asText()).contains("do not start clusters");

        String k2 = f.key("storage k2");
        long before = h.lastRequest();
        Execution refused = h.runEvent(forWorkspaces(request("STORAGE", k2), w));

        assertThat(refused.status()).isEqualTo("FAILED");
        assertThat(refused.error()).isEqualTo("KeyReplacementFailed");
        assertThat(refused.cause()).contains("REFUSED").contains("added once, never replaced");
        assertThat(h.patches(before)).as("no PATCH is sent").isEmpty();
        assertThat(h.workspace(w.getWorkspaceId()).getStorageCustomerManagedKeyId()).isEqualTo(c1);
        List<JsonNode> events = h.events();
        assertThat(KeyHarness.ofType(events, "Workspace Key Updated")).isEmpty();
        assertThat(KeyHarness.ofType(events, "Key Replacement Completed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/status").asText()).isEqualTo("FAILED");
            assertThat(e.at("/detail/counts/refused").asInt()).isEqualTo(1);
            assertThat(e.at("/detail/workspaces/0/outcome").asText()).isEqualTo("REFUSED");
            assertThat(e.at("/detail/workspaces/0/reason").asText()).contains(c1).contains(k1).contains("no PATCH was sent");
        });
    }

    @Test
    void patchBlockedByARunningCluster_waitsAndSucceedsOnceTheClusterStops() {
        var f = h.fixtures();
        Workspace w = f.workspace("busy", null, null, false);
        String cluster = h.emulator().scenario().startCompute(w.getWorkspaceId(), "cluster");
        String k = f.key("busy");
        AtomicInteger waits = new AtomicInteger();
        h.onProgress(line -> {
            // the test's hand on the world while the workflow waits: the cluster stops after the first wait began
            if (line.contains("WaitForIdleCompute") && line.contains("(Wait)") && waits.incrementAndGet() == 1) {
                h.emulator().scenario().stopAllCompute(w.getWorkspaceId());
            }
        });

        Execution ex = h.runEvent(waiting(forWorkspaces(request("MANAGED_SERVICES", k), w), 10));

        assertSucceeded(ex);
        assertThat(waits.get()).isEqualTo(1);
        assertThat(ex.events("StateEntered", "CheckIdleCompute")).hasSize(2);
        assertThat(h.workspace(w.getWorkspaceId()).getManagedServicesCustomerManagedKeyId()).isEqualTo(configOf(k, KeyUseCase.MANAGED_SERVICES));
        assertThat(ex.output().at("/workspaces/0/outcome").asText()).isEqualTo("UPDATED");
        assertThat(cluster).isNotBlank();
    }

    @Test
    void computeThatKeepsRunning_failsTheWorkspaceNamingWhatRuns_afterTheBoundedWait_withoutAPatch() {
        var f = h.fixtures();
        Workspace w = f.workspace("still-busy", null, null, false);
        String cluster = h.emulator().scenario().startCompute(w.getWorkspaceId(), "cluster");
        String pool = h.emulator().scenario().startCompute(w.getWorkspaceId(), "pool");
        String warehouse = h.emulator().scenario().startCompute(w.getWorkspaceId(), "warehouse");
        String k = f.key("still busy");
        long before = h.lastRequest();

        Execution ex = h.runEvent(waiting(forWorkspaces(request("MANAGED_SERVICES", k), w), 1));

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("KeyReplacementFailed");
        assertThat(ex.events("StateEntered", "WaitForIdleCompute")).as("1 minute = 2 waits of 30 s").hasSize(2);
        assertThat(h.patches(before)).isEmpty();
        JsonNode completed = KeyHarness.ofType(h.events(), "Key Replacement Completed").get(0).path("detail");
        assertThat(completed.at("/workspaces/0/outcome").asText()).isEqualTo("FAILED");
        assertThat(completed.at("/workspaces/0/failedStep").asText()).isEqualTo("WaitForIdleCompute");
        assertThat(completed.at("/workspaces/0/error").asText()).isEqualTo("ComputeStillRunning");
        assertThat(completed.at("/workspaces/0/reason").asText())
                .contains("cluster " + cluster).contains("instance pool " + pool).contains("SQL warehouse " + warehouse);
        assertThat(h.workspace(w.getWorkspaceId()).getManagedServicesCustomerManagedKeyId()).isNull();
    }

    @Test
    void silentRevertOfThePatch_isCaughtByReadingTheWorkspaceAgain() {
        var f = h.fixtures();
        Workspace w = f.workspace("revert", null, null, true); // a customer-managed VPC: the workspace stays RUNNING
        String k = f.key("revert");
        h.emulator().scenario().revertNextPatch(w.getWorkspaceId());
        long before = h.lastRequest();

        Execution ex = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k), w));

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(h.patches(before)).hasSize(1).allSatisfy(p -> assertThat(p.status()).isEqualTo(200));
        assertThat(h.workspace(w.getWorkspaceId()).getManagedServicesCustomerManagedKeyId()).isNull();
        List<JsonNode> events = h.events();
        assertThat(KeyHarness.ofType(events, "Workspace Key Updated")).isEmpty();
        assertThat(KeyHarness.ofType(events, "Key Replacement Completed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/status").asText()).isEqualTo("FAILED");
            assertThat(e.at("/detail/workspaces/0/failedStep").asText()).isEqualTo("VerifyWorkspaceKey");
            assertThat(e.at("/detail/workspaces/0/error").asText()).isEqualTo("KeyNotApplied");
            assertThat(e.at("/detail/workspaces/0/reason").asText()).contains("holds no key").contains("revert silently");
        });
    }

    @Test
    void throttledAccountApi_429sPass_throughTheSdkAndTheStateMachinesRetries() {
        var f = h.fixtures();
        Workspace w = f.workspace("throttled", null, null, false);
        String k = f.key("throttled");
        // 5 refusals: the SDK's 4 attempts are used up once (TransientException, retried by the state machine), then it passes.
        h.emulator().faults().add(Faults.Rule.error("PATCH", "/api/2.0/accounts/*/workspaces/*", 5, 429, "REQUEST_LIMIT_EXCEEDED", "slow down")
                .withRetryAfter(0));
        h.emulator().faults().add(Faults.Rule.error("GET", "/api/2.0/accounts/*/workspaces/*", 2, 429, "REQUEST_LIMIT_EXCEEDED", "slow down")
                .withRetryAfter(0));

        Execution ex = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k), w));

        assertSucceeded(ex);
        assertThat(ex.events("StateRetried", "PatchWorkspace")).hasSize(1);
        assertThat(h.workspace(w.getWorkspaceId()).getManagedServicesCustomerManagedKeyId()).isEqualTo(configOf(k, KeyUseCase.MANAGED_SERVICES));
    }

    @Test
    void newKeyWhosePolicyDoesNotGrantDatabricks_failsThePreflight_andNothingIsRegisteredOrPatched() {
        var f = h.fixtures();
        Workspace w = f.workspace("bad-key", null, null, false);
        String k = f.key("bad key");
        f.putPolicy(k, f.policyWithoutDatabricks());
        long before = h.lastRequest();

        Execution ex = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k), w));

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("RotateKeyFailed");
        assertThat(configsOf(k)).isZero();
        assertThat(h.patches(before)).isEmpty();
        assertThat(KeyHarness.ofType(h.events(), "Key Replacement Failed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/failedStep").asText()).isEqualTo("PreflightNewKey");
            assertThat(e.at("/detail/error").asText()).isEqualTo("io.dbxcp.common.errors.PreconditionFailedException");
            assertThat(e.at("/detail/cause").asText()).contains("does not allow arn:aws:iam::414351767826:root kms:Encrypt, kms:Decrypt")
                    .contains("nothing was registered or changed");
        });
    }

    @Test
    void workspaceThatDoesNotExist_isRefusedBeforeAnything() {
        String k = h.fixtures().key("nowhere");
        ObjectNode event = request("MANAGED_SERVICES", k);
        ((ObjectNode) event.path("detail")).putArray("workspaceIds").add(4242424242424242L);

        Execution ex = h.runEvent(event);

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(KeyHarness.ofType(h.events(), "Key Replacement Failed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/failedStep").asText()).isEqualTo("FindTargetWorkspaces");
            assertThat(e.at("/detail/cause").asText()).contains("4242424242424242").contains("do not exist");
        });
        assertThat(configsOf(k)).isZero();
    }

    @Test
    void oldKeyThatNoWorkspaceUses_isNothingToDo() {
        String old = h.fixtures().key("unused old");
        String k = h.fixtures().key("unused new");

        Execution ex = h.runEvent(fromOldKey(request("MANAGED_SERVICES", k), old));

        assertSucceeded(ex);
        assertThat(ex.output().at("/counts/workspaces").asInt()).isZero();
        assertThat(ex.output().at("/note").asText()).contains("nothing to do");
        assertThat(configsOf(k)).as("nothing registered").isZero();
        assertThat(KeyHarness.ofType(h.events(), "Key Replacement Completed")).hasSize(1);
    }

}
