package io.dbxcp.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.json.Json;
import io.dbxcp.testsupport.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The conventions of statemachines/rotate-key.asl.json that the code relies on. */
class RotateKeyDefinitionTest {
    static JsonNode definition() throws IOException {
        return Json.read(Files.readString(ProjectRoot.get().resolve("statemachines/rotate-key.asl.json")));
    }

    static void eachState(JsonNode states, BiConsumer<String, JsonNode> f) {
        for (Map.Entry<String, JsonNode> e : states.properties()) {
            f.accept(e.getKey(), e.getValue());
            JsonNode inner = e.getValue().path("ItemProcessor").path("States");
            if (inner.isObject()) eachState(inner, f);
        }
    }

    @Test
    void waitForIdleCompute_waitsWhatThePlanCountsWith() throws IOException {
        JsonNode wait = definition().at("/States/UpdateEachWorkspace/ItemProcessor/States/WaitForIdleCompute");
        assertThat(wait.path("Seconds").asInt()).isEqualTo(KeysConfig.IDLE_COMPUTE_POLL_SECONDS);
    }

    @Test
    void workspaces_areUpdatedWithBoundedConcurrency() throws IOException {
        assertThat(definition().at("/States/UpdateEachWorkspace/MaxConcurrency").asInt()).isBetween(1, 10);
    }

    @Test
    void everyState_hasAComment_andEveryTaskATimeout_andEveryLambdaTaskTheStandardRetry() throws IOException {
        List<String> bad = new ArrayList<>();
        eachState(definition().path("States"), (name, s) -> {
            if (!s.hasNonNull("Comment")) bad.add(name + ": no Comment");
            if (!"Task".equals(s.path("Type").asText())) return;
            if (!s.has("TimeoutSeconds")) bad.add(name + ": no TimeoutSeconds");
            if (s.path("Resource").asText().startsWith("${")) {
                List<String> retried = new ArrayList<>();
                s.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(n -> retried.add(n.asText())));
                if (!retried.containsAll(List.of("io.dbxcp.common.errors.TransientException", "Lambda.ServiceException",
                        "Lambda.TooManyRequestsException"))) {
                    bad.add(name + ": not the standard retry " + retried);
                }
                if (s.path("Catch").isEmpty()) bad.add(name + ": nothing catches its failure");
            }
        });
        assertThat(bad).isEmpty();
    }

    @Test
    void everyPollLoop_isBounded() throws IOException {
        JsonNode states = definition().at("/States/UpdateEachWorkspace/ItemProcessor/States");
        assertThat(states.at("/IsComputeIdle/Choices").toString()).contains("$.compute.canWait");
        assertThat(states.at("/IsWorkspaceRunning/Choices").toString()).contains("\"Variable\":\"$.status.polls\"");
    }
}
