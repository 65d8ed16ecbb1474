package io.dbxcp.common.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lambda reports a Java exception to Step Functions by its fully qualified class name, so a Retry or
 * Catch that names a class that does not exist silently never matches. Every ErrorEquals name in
 * statemachines/ that is not a Step Functions or integration error (States.*, Lambda.*, StepFunctions.*, EventBridge.*) must be a real Throwable class.
 */
class StateMachineErrorNamesTest {
    @Test
    void errorEquals_everyJavaErrorName_isARealThrowableClass() throws IOException {
        Path dir = Path.of(System.getProperty("dbxcp.project.root", "../.."), "statemachines");
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".asl.json")).toList()) {
                    collect(Json.read(Files.readString(f)), names);
                }
            }
        }
        List<String> bad = new ArrayList<>();
        for (String name : names) {
            if (serviceError(name)) continue;
            try {
                Class<?> c = Class.forName(name, false, getClass().getClassLoader());
                if (!Throwable.class.isAssignableFrom(c)) bad.add(name + " (not a Throwable)");
            } catch (ClassNotFoundException e) {
                bad.add(name + " (no such class)");
            }
        }
        assertThat(bad).as("ErrorEquals names that match nothing").isEmpty();
    }

    @Test
    void errorTypes_theNamedSet_existsUnderOnePackage() {
        assertThat(List.of(TransientException.class, NotYetConsistentException.class, InvalidRequestException.class,
                        PreconditionFailedException.class, ResourceConflictException.class, ConfigurationException.class))
                .allSatisfy(c -> {
                    assertThat(c.getPackageName()).isEqualTo("io.dbxcp.common.errors");
                    assertThat(DbxcpException.class).isAssignableFrom(c);
                });
    }

    /** Errors of Step Functions itself and of its service integrations, not Java classes. */
    private static boolean serviceError(String name) {
        return name.startsWith("States.") || name.startsWith("Lambda.") || name.startsWith("StepFunctions.") || name.startsWith("EventBridge.");
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("ErrorEquals")) e.getValue().forEach(n -> out.add(n.asText()));
                else collect(e.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }
}
