package io.dbxcp.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbxcp.local.ProjectRoot;
import io.dbxcp.local.template.CfnYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guards a deployment must keep, read from template.yaml and statemachines/: nothing runs
 * forever, every failure is seen, logs do not pile up forever, no role gets every action.
 */
class DeploymentGuardsTest {
    static final Path ROOT = ProjectRoot.find();

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources() throws IOException {
        return (Map<String, Map<String, Object>>) CfnYaml.load(ROOT.resolve("template.yaml")).get("Resources");
    }

    @Test
    void everyStateMachineAndEveryTask_hasATimeout() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("statemachines"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".asl.json")).toList()) {
                JsonNode sm = new ObjectMapper().readTree(f.toFile());
                if (!sm.has("TimeoutSeconds")) missing.add(f.getFileName() + " (the state machine)");
                tasks(sm.path("States"), f.getFileName().toString(), missing);
            }
        }
        assertThat(missing).as("without TimeoutSeconds").isEmpty();
    }

    @Test
    void everyStateMachine_hasAnAlarmOnFailedExecutions() throws IOException {
        var resources = resources();
        List<String> machines = resources.entrySet().stream()
                .filter(e -> "AWS::Serverless::StateMachine".equals(e.getValue().get("Type"))).map(Map.Entry::getKey).toList();
        String alarms = resources.values().stream().filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type")))
                .map(Object::toString).reduce("", String::concat);
        assertThat(machines).isNotEmpty().allSatisfy(m -> assertThat(alarms).as("an alarm on " + m).contains("ExecutionsFailed").contains(m));
    }

    @Test
    void everyLogGroup_hasARetention() throws IOException {
        assertThat(resources().entrySet()).filteredOn(e -> "AWS::Logs::LogGroup".equals(e.getValue().get("Type")))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(String.valueOf(e.getValue().get("Properties"))).as(e.getKey()).contains("RetentionInDays"));
    }

    @Test
    void noPolicy_grantsEveryAction() throws IOException {
        String template = Files.readString(ROOT.resolve("template.yaml"));
        assertThat(template).doesNotContainPattern("Action:\\s*['\"]?\\*['\"]?\\s*$").doesNotContainPattern("(?m)^\\s*-\\s*['\"]\\*['\"]\\s*$");
    }

    private static void tasks(JsonNode states, String where, List<String> missing) {
        states.properties().forEach(e -> {
            JsonNode s = e.getValue();
            if ("Task".equals(s.path("Type").asText()) && !s.has("TimeoutSeconds") && !s.has("TimeoutSecondsPath")) {
                missing.add(where + ": " + e.getKey());
            }
            s.path("Branches").forEach(b -> tasks(b.path("States"), where, missing));
            tasks(s.path("Iterator").path("States"), where, missing);
            tasks(s.path("ItemProcessor").path("States"), where, missing);
        });
    }
}
