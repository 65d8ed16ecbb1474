package io.dbxcp.keys.e2e;

import static io.dbxcp.keys.e2e.KeyReplacementWorkflowTest.forWorkspaces;
import static io.dbxcp.keys.e2e.KeyReplacementWorkflowTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.local.Execution;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * rotate-key under Databricks faults, end to end (Key Replacement Requested events, the real state
 * machine and handlers, the emulator and moto): 503s past the SDK's retries, answers slower than the
 * handlers' HTTP timeout, 500s and answers lost after Databricks did the work, on the two calls that
 * change something (the key's registration and the workspace's PATCH), and a workspace that ends
 * FAILED after its PATCH. Each test checks the outcome and the account's state: one key
 * configuration of the new key, the workspace holding it (or not, when the run failed).
 *
 * <p>The handlers' Databricks HTTP timeout is 2 s here (a deployment sets it below the Lambda
 * timeout); a PATCH re-provisions a workspace with a Databricks-managed VPC for 1 s, long enough for
 * a PATCH sent again at once to meet it PROVISIONING.
 */
class KeyReplacementFaultsTest {
    private static final String PATCH = "/api/2.0/accounts/*/workspaces/*";
    private static final String KEYS = "/api/2.0/accounts/*/customer-managed-keys";
    static KeyHarness h;

    @BeforeAll
    static void start() {
        h = KeyHarness.start(0.02, emu -> emu.patchProvisioningTime(Duration.ofSeconds(1)), Map.of("DATABRICKS_HTTP_TIMEOUT_SECONDS", "2"));
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

    List<CustomerManagedKey> configsOf(String keyArn) {
        return StreamSupport.stream(h.account().encryptionKeys().list().spliterator(), false)
                .filter(k -> k.getAwsKeyInfo() != null && keyArn.equals(k.getAwsKeyInfo().getKeyArn())).toList();
    }

    /** The workspace holds the new key's only configuration, and the run announced it UPDATED. */
    void assertMovedToTheNewKeyOnce(Execution ex, Workspace w, String keyArn) {
        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        List<CustomerManagedKey> configs = configsOf(keyArn);
        assertThat(configs).as("one key configuration of the new key").singleElement()
                .satisfies(c -> assertThat(c.getUseCases()).containsExactly(KeyUseCase.MANAGED_SERVICES));
        assertThat(h.workspace(w.getWorkspaceId()).getManagedServicesCustomerManagedKeyId()).isEqualTo(configs.getFirst().getCustomerManagedKeyId());
        assertThat(ex.output().at("/workspaces/0/outcome").asText()).isEqualTo("UPDATED");
        List<JsonNode> events = h.events();
        assertThat(KeyHarness.ofType(events, "Workspace Key Updated")).singleElement()
                .satisfies(e -> assertThat(e.at("/detail/workspaceId").asLong()).isEqualTo(w.getWorkspaceId()));
        assertThat(KeyHarness.ofType(events, "Key Replacement Completed")).singleElement()
                .satisfies(e -> assertThat(e.at("/detail/status").asText()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void serviceUnavailablePastTheSdksRetries_onThePatch_isRetriedByTheStateMachine_andPatchesOnce() {
        Workspace w = h.fixtures().workspace("patch-503", null, null, false);
        String k = h.fixtures().key("patch 503");
        // 6 answers 503: the SDK's 4 attempts (Retry-After 0 keeps its waits short), then the state machine's retry meets 2 more
        h.emulator().faults().add(Faults.Rule.error("PATCH", PATCH, 6, 503, "TEMPORARILY_UNAVAILABLE", "try later").withRetryAfter(0));
        long before = h.lastRequest();

        Execution ex = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k), w));

        assertMovedToTheNewKeyOnce(ex, w, k);
        assertThat(ex.events("TaskFailed", "PatchWorkspace")).singleElement()
                .satisfies(e -> assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.TransientException"));
        assertThat(ex.events("StateRetried", "PatchWorkspace")).hasSize(1);
        assertThat(h.patches(before)).extracting(RequestLog.Entry::status).containsExactly(503, 503, 503, 503, 503, 503, 200);
    }

    @Test
    void answerSlowerThanTheClientTimeout_onThePatch_isGivenUpAndRetried_andTheWorkspaceGetsTheKey() {
        Workspace w = h.fixtures().workspace("patch-slow", null, null, false);
        String k = h.fixtures().key("patch slow");
        // the first PATCH is answered after 3 s (and applied then); the handler gives up after 2 s
        h.emulator().faults().add(Faults.Rule.latency("PATCH", PATCH, 1, 3000));

        Execution ex = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k), w));

        assertMovedToTheNewKeyOnce(ex, w, k);
        assertThat(ex.events("TaskFailed", "PatchWorkspace")).singleElement().satisfies(e -> {
            assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.TransientException");
            assertThat(e.cause()).contains("timed out");
        });
        assertThat(ex.events("TaskSucceeded", "PatchWorkspace")).hasSize(1);
    }

    @Test
    void patchWhoseAnswerWasLostAfterDatabricksAppliedIt_isFoundAppliedByTheRepeatedPatch_andTheWorkspaceIsUpdated() {
        Workspace w = h.fixtures().workspace("patch-lost", null, null, false);
        String k = h.fixtures().key("patch lost");
        // Databricks applies the PATCH (the workspace re-provisions for 1 s), then the answer is lost: the SDK
        // sends the PATCH again at once and meets the workspace PROVISIONING (INVALID_STATE)
        h.emulator().faults().add(Faults.Rule.error("PATCH", PATCH, 1, 503, "TEMPORARILY_UNAVAILABLE", "lost").withRetryAfter(0).servedFirst());
        long before = h.lastRequest();

        Execution ex = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k), w));

        assertMovedToTheNewKeyOnce(ex, w, k);
        assertThat(h.patches(before)).extracting(RequestLog.Entry::status).startsWith(503, 400);
        assertThat(h.patches(before)).extracting(RequestLog.Entry::errorCode).contains("INVALID_STATE");
        assertThat(ex.events("StateEntered", "GetWorkspaceStatus")).as("the run waits for the re-provisioning").isNotEmpty();
    }

    @Test
    void keyRegistrationWhoseAnswerWasLostAfterDatabricksMadeIt_leavesOneKeyConfiguration() {
        Workspace w = h.fixtures().workspace("register-lost", null, null, false);
        String k = h.fixtures().key("register lost");
        // Databricks makes the key configuration, the answer is lost, the SDK posts again: a second configuration
        h.emulator().faults().add(Faults.Rule.error("POST", KEYS, 1, 503, "TEMPORARILY_UNAVAILABLE", "lost").withRetryAfter(0).servedFirst());
        long before = h.lastRequest();

        Execution ex = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k), w));

        assertMovedToTheNewKeyOnce(ex, w, k);
        assertThat(ex.output().at("/newKeyRegistered").asBoolean()).isTrue();
        assertThat(h.emulator().requests()).filteredOn(r -> r.seq() > before && r.path().contains("/customer-managed-keys/"))
                .as("the second configuration was deleted").extracting(RequestLog.Entry::method).containsExactly("DELETE");
        assertThat(h.emulator().requests()).filteredOn(r -> r.seq() > before && r.method().equals("POST") && r.path().endsWith("/customer-managed-keys"))
                .extracting(RequestLog.Entry::status).containsExactly(503, 200);
    }

    @Test
    void internalErrorOnTheKeyRegistration_isRetriedByTheStateMachine_andRegistersOneKey() {
        Workspace w = h.fixtures().workspace("register-500", null, null, false);
        String k = h.fixtures().key("register 500");
        h.emulator().faults().add(Faults.Rule.error("POST", KEYS, 1, 500, "INTERNAL_ERROR", "try again"));

        Execution ex = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k), w));

        assertMovedToTheNewKeyOnce(ex, w, k);
        assertThat(ex.events("StateRetried", "RegisterNewKey")).hasSize(1);
    }

    @Test
    void workspaceThatEndsFailedAfterItsPatch_failsItsOutcomeWithDatabricksMessage_andTheRunEndsInItsFailureEvent() {
        Workspace w = h.fixtures().workspace("ends-failed", null, null, false);
        String k = h.fixtures().key("ends failed");
        AtomicBoolean failed = new AtomicBoolean();
        h.onProgress(line -> {
            // while the workspace re-provisions after the PATCH, Databricks gives up on it
            if (line.contains("WaitForWorkspaceUpdate") && line.contains("(Wait)") && failed.compareAndSet(false, true)) {
                h.emulator().scenario().failWorkspace(w.getWorkspaceName(), "the new key could not be used: kms:Decrypt denied");
            }
        });

        Execution ex = h.runEvent(forWorkspaces(request("MANAGED_SERVICES", k), w));

        assertThat(failed).isTrue();
        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("KeyReplacementFailed");
        assertThat(configsOf(k)).as("one key configuration of the new key").hasSize(1);
        List<JsonNode> events = h.events();
        assertThat(KeyHarness.ofType(events, "Workspace Key Updated")).isEmpty();
        assertThat(KeyHarness.ofType(events, "Key Replacement Completed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/status").asText()).isEqualTo("FAILED");
            assertThat(e.at("/detail/workspaces/0/outcome").asText()).isEqualTo("FAILED");
            assertThat(e.at("/detail/workspaces/0/failedStep").asText()).isEqualTo("GetWorkspaceStatus");
            assertThat(e.at("/detail/workspaces/0/reason").asText()).contains("kms:Decrypt denied");
        });
    }
}
