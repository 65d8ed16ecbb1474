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
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guards a deployment must keep, read from template.yaml and statemachines/: nothing runs
 * forever, every failure is seen, logs do not pile up forever, no role gets every action. Also what
 * checkov (run by scripts/test) does not look at: the dead-letter queues of EventBridge rules and
 * schedules, an alarm on every queue's depth, and a written reason for every suppression and every
 * wildcard resource.
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

    /** Event sources that invoke their target asynchronously: what they cannot deliver needs a queue to go to. */
    static final Set<String> ASYNCHRONOUS_EVENTS = Set.of("EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2", "SNS", "S3",
            "CloudWatchLogs", "IoTRule");
    /** Of those, the ones whose delivery has its own DeadLetterConfig in SAM. */
    static final Set<String> EVENTS_WITH_DEAD_LETTER_CONFIG = Set.of("EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2");

    @Test
    void everyAsynchronousTarget_hasADeadLetterQueue() throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> asynchronous = new ArrayList<>();
        resources().forEach((name, resource) -> {
            Map<String, Object> properties = map(resource.get("Properties"));
            boolean invokedAsynchronously = false;
            for (var event : map(properties.get("Events")).entrySet()) {
                String type = String.valueOf(map(event.getValue()).get("Type"));
                invokedAsynchronously |= ASYNCHRONOUS_EVENTS.contains(type);
                if (EVENTS_WITH_DEAD_LETTER_CONFIG.contains(type)
                        && !map(map(event.getValue()).get("Properties")).containsKey("DeadLetterConfig")) {
                    missing.add(name + "." + event.getKey() + ": its deliveries (DeadLetterConfig)");
                }
            }
            if (invokedAsynchronously && "AWS::Serverless::Function".equals(resource.get("Type"))) {
                asynchronous.add(name);
                Object onFailure = map(map(map(properties.get("EventInvokeConfig")).get("DestinationConfig")).get("OnFailure")).get("Destination");
                if (onFailure == null && !properties.containsKey("DeadLetterQueue")) {
                    missing.add(name + ": its failures after Lambda's retries (EventInvokeConfig OnFailure or DeadLetterQueue)");
                }
            }
        });
        assertThat(asynchronous).as("functions invoked asynchronously").contains("IntakeFunction", "CredentialExpiryCheckFunction");
        assertThat(missing).as("asynchronous targets without a dead-letter queue").isEmpty();
    }

    @Test
    void everyQueue_hasAnAlarmOnItsDepth() throws IOException {
        var resources = resources();
        // The dimensions of every alarm on a queue's depth (they name the queue by !GetAtt <queue>.QueueName).
        List<String> dimensions = resources.values().stream().filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type")))
                .map(r -> map(r.get("Properties"))).filter(p -> "ApproximateNumberOfMessagesVisible".equals(p.get("MetricName")))
                .map(p -> String.valueOf(p.get("Dimensions"))).toList();
        assertThat(resources.entrySet()).filteredOn(e -> "AWS::SQS::Queue".equals(e.getValue().get("Type"))).isNotEmpty()
                .allSatisfy(e -> assertThat(dimensions).as("an alarm on the depth of " + e.getKey())
                        .anySatisfy(d -> assertThat(d).contains("QueueName").containsPattern("\\b" + e.getKey() + "\\b")));
    }

    /** checkov takes a skip without a comment (it reports "No comment provided"); cfn-lint's ignore_checks have no comment field. */
    @Test
    void everySuppressionAndEveryWildcardResource_saysWhy() throws IOException {
        List<String> unexplained = new ArrayList<>();
        resources().forEach((name, resource) -> {
            for (Object skip : list(map(map(resource.get("Metadata")).get("checkov")).get("skip"))) {
                String comment = String.valueOf(map(skip).getOrDefault("comment", "")).strip();
                if (comment.split("\\s+").length < 8) {
                    unexplained.add(name + ": checkov " + map(skip).get("id") + " (" + comment + ")");
                }
            }
        });
        // cfn-lint ignores and wildcard resources: the reason is the comment on the line.
        List<String> lines = Files.readAllLines(ROOT.resolve("template.yaml"));
        Pattern ignoredRule = Pattern.compile("^\\s*-\\s*[A-Z]+[0-9]+\\b.*");
        Pattern wildcard = Pattern.compile("^\\s*(-\\s*)?Resource:\\s*['\"]?\\*['\"]?.*");
        Pattern reason = Pattern.compile(".*\\s#\\s*\\S+(\\s+\\S+){2,}\\s*$");
        boolean inIgnoreChecks = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().equals("ignore_checks:")) {
                inIgnoreChecks = true;
                continue;
            }
            inIgnoreChecks &= ignoredRule.matcher(line).matches();
            if ((inIgnoreChecks || wildcard.matcher(line).matches()) && !reason.matcher(line).matches()) {
                unexplained.add("template.yaml:" + (i + 1) + ": " + line.strip());
            }
        }
        assertThat(unexplained).as("suppressions and wildcard resources without a written reason").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
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
