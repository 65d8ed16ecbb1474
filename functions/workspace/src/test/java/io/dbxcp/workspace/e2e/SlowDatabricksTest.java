package io.dbxcp.workspace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.local.Execution;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.offline.OfflineWorkflows;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Databricks answering slower than the functions' HTTP timeout: handlers with a 2 s timeout
 * (DATABRICKS_HTTP_TIMEOUT_SECONDS, as a deployment sets it below the Lambda timeout), and answers
 * that take 3 s. The call is given up, retried, and the workflow ends as it should.
 */
class SlowDatabricksTest {
    static OfflineWorkflows h;

    @BeforeAll
    static void start() {
        h = OfflineWorkflows.start(0.02, emu -> emu.provisioningTime(Duration.ofMillis(300)), Map.of("DATABRICKS_HTTP_TIMEOUT_SECONDS", "2"));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void answersSlowerThanTheTimeout_areGivenUpAndRetried_andTheWorkspaceIsMadeOnce() {
        ObjectNode event = OfflineWorkflows.sample("workspace-request-minimal.json", "req-e2e-slow");
        ((ObjectNode) event.path("detail")).put("workspaceName", "e2e-slow");
        // the look-up of credentials answers once after 3 s
        h.emulator().faults().add(Faults.Rule.latency("GET", "/api/2.0/accounts/*/credentials", 1, 3000));
        EventRouting.Routed routed = h.prepared(event);

        Execution ex = h.run(routed.workflow(), routed.input(), routed.executionName());

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        // the slow answer was given up on after 2 s (TransientException), and the state machine's retry succeeded
        assertThat(ex.events("TaskFailed", "RegisterCredentials")).singleElement().satisfies(e -> {
            assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.TransientException");
            assertThat(e.cause()).contains("Read timed out");
        });
        assertThat(ex.events("TaskSucceeded", "RegisterCredentials")).hasSize(1);
        assertThat(h.emulator().state().path("workspaces")).filteredOn(w -> w.path("workspace_name").asText().equals("e2e-slow")).hasSize(1);
        assertThat(h.events("Workspace Provisioned")).hasSize(1);
    }
}
