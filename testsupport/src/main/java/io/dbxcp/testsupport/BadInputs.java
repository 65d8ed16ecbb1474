package io.dbxcp.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Generated bad inputs: mutations of a valid request (the {@code detail} of a sample event, or the
 * {@code request} of a workflow input) that no valid request can be, derived from the request's JSON
 * Schema, so that the spec decides what is bad, not the test. Each mutation names the field a
 * refusal must name. The intake's corpus and the console corpus share it.
 *
 * <p>{@link #fromSchema} makes, for a request at {@code root} of a document:
 * <ul>
 *   <li>every required field present removed, one at a time;</li>
 *   <li>an unknown field added at every object level the schema closes ({@code additionalProperties: false});</li>
 *   <li>every string field whose schema has a pattern set to each of {@link #badValues()}: empty,
 *       10,000 characters, control characters, an injection string, an emoji, a number, a boolean,
 *       an array, an object (a value the field's own pattern accepts is skipped).</li>
 * </ul>
 * {@link #moreFromSchema} adds what the console corpus needs beyond those: every enum field set to
 * values outside its enum (empty, a region that does not exist, a number), and every integer, boolean,
 * array or object field set to a value of another type.
 */
public final class BadInputs {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private BadInputs() {}

    /**
     * One bad input.
     *
     * @param name     what was changed, for the test's name
     * @param field    the field (a JSON path under the document, e.g. {@code request.network.vpcId}) a refusal must name
     * @param document the whole mutated document (an event, a workflow input)
     */
    public record Bad(String name, String field, ObjectNode document) {
        public String text() {
            return document.toString();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The schema {@code schemas/<name>.schema.json} from the class path (events/schemas, as the code validates with it). */
    public static JsonNode schema(String name) {
        try (InputStream in = BadInputs.class.getClassLoader().getResourceAsStream("schemas/" + name + ".schema.json")) {
            if (in == null) throw new IllegalStateException("no schema on the class path: schemas/" + name + ".schema.json");
            return Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema of the request a sample of events/ carries as its detail (the project's own requests), or null. */
    public static String requestSchemaOf(String sampleFile) {
        for (String s : List.of("workspace-request", "bucket-mount-request", "key-replacement-request", "secret-rotation-request")) {
            if (sampleFile.startsWith(s)) return s;
        }
        return null;
    }

    /** The mutations of the request at {@code root} of {@code document} (see the class comment), named {@code label: what}. */
    public static List<Bad> fromSchema(String label, ObjectNode document, String root, JsonNode schema) {
        return fromSchema(label, document, root, schema, badValues().size());
    }

    /**
     * As {@link #fromSchema(String, ObjectNode, String, JsonNode)}, with {@code valuesPerField} of the bad values
     * for each patterned string field, taken in turn (the first field gets the first ones, the next field the
     * following ones), so that every value still meets a share of the fields in a smaller corpus.
     */
    public static List<Bad> fromSchema(String label, ObjectNode document, String root, JsonNode schema, int valuesPerField) {
        List<Bad> all = new ArrayList<>();
        List<Object> values = badValues();
        int[] next = {0};
        walk(schema, at(document, root), "", (path, sub, value) -> {
            for (JsonNode required : sub.path("required")) {
                String name = required.asText();
                if (value.has(name)) {
                    all.add(mutate(label, "without " + join(path, name), join(root, join(path, name)), document,
                            d -> ((ObjectNode) at(at(d, root), path)).remove(name)));
                }
            }
            if (value.isObject() && sub.path("additionalProperties").isBoolean() && !sub.path("additionalProperties").asBoolean()) {
                all.add(mutate(label, "unknown field in " + (path.isEmpty() ? root : path), join(root, join(path, "unexpectedField")), document,
                        d -> ((ObjectNode) at(at(d, root), path)).put("unexpectedField", "x")));
            }
            if (value.isTextual() && sub.has("pattern")) {
                Pattern p = Pattern.compile(sub.path("pattern").asText());
                int taken = 0;
                for (int i = 0; i < values.size() && taken < valuesPerField; i++) {
                    Object bad = values.get((next[0] + i) % values.size());
                    if (bad instanceof String s && p.matcher(s).find()) continue; // the spec accepts it
                    all.add(mutate(label, path + " = " + describe(bad), join(root, path), document, d -> set(at(d, root), path, bad)));
                    taken++;
                }
                next[0] = (next[0] + valuesPerField) % values.size();
            }
        });
        return all;
    }

    /** Enum fields set outside their enum; integer, boolean, array and object fields set to another type (see the class comment). */
    public static List<Bad> moreFromSchema(String label, ObjectNode document, String root, JsonNode schema) {
        List<Bad> all = new ArrayList<>();
        walk(schema, at(document, root), "", (path, sub, value) -> {
            if (path.isEmpty()) return;
            if (sub.has("enum")) {
                for (Object bad : List.of("", "eu-central-9", 7)) {
                    if (contains(sub.path("enum"), bad)) continue;
                    all.add(mutate(label, path + " = " + describe(bad) + " (not in its enum)", join(root, path), document, d -> set(at(d, root), path, bad)));
                }
            }
            String type = sub.path("type").asText("");
            Object other = switch (type) {
                case "integer", "number" -> "12abc";
                case "boolean" -> "yes";
                case "array" -> Map.of("not", "an array");
                case "object" -> List.of("not an object");
                default -> null;
            };
            if (other != null) {
                all.add(mutate(label, path + " = " + describe(other) + " (not " + type + ")", join(root, path), document, d -> set(at(d, root), path, other)));
            }
        });
        return all;
    }

    private static boolean contains(JsonNode values, Object candidate) {
        JsonNode c = Json.MAPPER.valueToTree(candidate);
        for (JsonNode v : values) if (v.equals(c)) return true;
        return false;
    }

    /** The values a patterned string field is set to. */
    public static List<Object> badValues() {
        return List.of("", "x".repeat(10_000), "name\u0000\u0007\u001f", "x'; DROP TABLE workspaces;--", "\uD83D\uDE42-unicode",
                42, true, List.of(), Map.of("nested", "object"));
    }

    /** A deep copy of {@code document} changed by {@code change}. */
    public static Bad mutate(String label, String what, String field, ObjectNode document, Consumer<ObjectNode> change) {
        ObjectNode copy = document.deepCopy();
        change.accept(copy);
        return new Bad(label + ": " + what, field, copy);
    }

    /** Visits a value and its schema side by side (objects, arrays, properties). */
    public interface Visitor {
        void visit(String path, JsonNode schema, JsonNode value);
    }

    public static void walk(JsonNode schema, JsonNode value, String path, Visitor v) {
        v.visit(path, schema, value);
        if (value.isObject()) {
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                JsonNode sub = schema.path("properties").path(name);
                if (!sub.isMissingNode()) walk(sub, value.get(name), join(path, name), v);
            }
        } else if (value.isArray()) {
            JsonNode items = schema.path("items");
            for (int i = 0; i < value.size() && !items.isMissingNode(); i++) walk(items, value.get(i), path + "[" + i + "]", v);
        }
    }

    /** The node at a path such as {@code network.subnetIds[1]} ("" is the root itself). */
    public static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
            int b = part.indexOf('[');
            n = n.path(b < 0 ? part : part.substring(0, b));
            if (b >= 0) n = n.path(Integer.parseInt(part.substring(b + 1, part.length() - 1)));
        }
        return n;
    }

    /** Sets the field at {@code path} (its parent must exist) to {@code value} as JSON. */
    public static void set(JsonNode root, String path, Object value) {
        int dot = path.lastIndexOf('.');
        String parentPath = dot < 0 ? "" : path.substring(0, dot);
        String last = dot < 0 ? path : path.substring(dot + 1);
        JsonNode node = value instanceof JsonNode j ? j : Json.MAPPER.valueToTree(value);
        int b = last.indexOf('[');
        if (b < 0) {
            ((ObjectNode) at(root, parentPath)).set(last, node);
        } else {
            ArrayNode array = (ArrayNode) at(root, join(parentPath, last.substring(0, b)));
            array.set(Integer.parseInt(last.substring(b + 1, last.length() - 1)), node);
        }
    }

    public static String join(String path, String name) {
        return path.isEmpty() ? name : name.isEmpty() ? path : path + "." + name;
    }

    /** A short description of a bad value, for a test's name. */
    public static String describe(Object bad) {
        if (bad instanceof String s) {
            if (s.isEmpty()) return "empty";
            if (s.length() > 100) return "10,000 characters";
            return F.textNode(s).toString();
        }
        return bad.getClass().getSimpleName() + " " + bad;
    }
}
