package io.dbxcp.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The sample events of events/, the same files people use with {@code sam local invoke -e}. */
public final class SampleEvents {
    private SampleEvents() {}

    public static String text(String file) {
        try {
            return Files.readString(ProjectRoot.resolve("events").resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode json(String file) {
        return (ObjectNode) Json.read(text(file));
    }

    /** Every sample event file name (not the schemas). */
    public static List<String> all() {
        try (Stream<Path> files = Files.list(ProjectRoot.resolve("events"))) {
            return files.filter(p -> p.toString().endsWith(".json")).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deep copy of a sample to mutate. */
    public static ObjectNode copy(String file) {
        return json(file).deepCopy();
    }

    public static JsonNode detail(String file) {
        return json(file).path("detail");
    }
}
