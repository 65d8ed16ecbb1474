package io.dbxcp.common.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.dbxcp.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a request against one of the JSON Schemas of events/schemas (packaged on the classpath
 * under {@code schemas/}) and reports each problem as a {@link Violation} that names the field by
 * its path under a given root (for example {@code detail.network.subnetIds[1]}).
 */
public final class SchemaValidator {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private SchemaValidator() {}

    /** Loads (once) and returns the schema {@code schemas/<name>.schema.json}. */
    public static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, SchemaValidator::load);
    }

    public static List<Violation> validate(String schemaName, JsonNode instance, String root) {
        return schema(schemaName).validate(instance).stream()
                .map(m -> toViolation(m, root))
                .distinct()
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::reason))
                .toList();
    }

    private static Violation toViolation(ValidationMessage m, String root) {
        String path = m.getInstanceLocation().toString(); // "$", "$.network.subnetIds[1]"
        String field = root + path.substring(1);
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            field = field + "." + m.getProperty();
            return new Violation(field, "is required");
        }
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            return new Violation(field + "." + m.getProperty(), "is not a known field");
        }
        String message = m.getMessage();
        // networknt prefixes the message with the instance path: keep only the reason.
        int colon = message.indexOf(": ");
        String reason = colon > 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
        return new Violation(field, reason);
    }

    private static JsonSchema load(String name) {
        String resource = "schemas/" + name + ".schema.json";
        try (InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no schema on the classpath: " + resource);
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build();
            return FACTORY.getSchema(Json.MAPPER.readTree(in), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
