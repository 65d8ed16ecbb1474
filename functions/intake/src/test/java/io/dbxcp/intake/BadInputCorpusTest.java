package io.dbxcp.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.json.Json;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A generated corpus of bad events: mutations of every sample of events/ that no valid request can
 * be. Each must be refused (an {@code Event Rejected} with at least one violation naming a field),
 * start nothing, and throw nothing. The mutations, per sample:
 * <ul>
 *   <li>the envelope: another source, another detail-type, no detail, a detail that is not an object;</li>
 *   <li>every required field of the detail removed, one at a time (the custom requests);</li>
 *   <li>an unknown field added at every object level of the detail (the custom requests refuse them);</li>
 *   <li>every string field whose schema has a pattern: empty, 10,000 characters, control characters,
 *       an injection string, an emoji, a number, a boolean, an array, an object (a mutation the
 *       field's own pattern would accept is skipped: the spec decides, not the test).</li>
 * </ul>
 */
class BadInputCorpusTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    static IntakeService intake;
    static SfnClient sfn;
    static Map<Workflow, String> machines = new EnumMap<>(Workflow.class);
    static int refused;

    record Bad(String name, String event) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void setUp() {
        sfn = AwsClients.build(SfnClient.builder(), moto.awsSettings());
        EventBridgeClient events = AwsClients.build(EventBridgeClient.builder(), moto.awsSettings());
        events.createEventBus(b -> b.name("corpus"));
        for (Workflow w : Workflow.values()) {
            machines.put(w, sfn.createStateMachine(b -> b.name("corpus-" + w.id()).roleArn("arn:aws:iam::123456789012:role/sfn")
                    .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}")).stateMachineArn());
        }
        intake = new IntakeService(new IntakeConfig("corpus", machines), sfn, events);
    }

    @AfterAll
    static void figures() {
        System.out.println("bad-input corpus: " + refused + " events refused, none started an execution");
    }

    static Stream<Bad> corpus() {
        List<Bad> all = new ArrayList<>();
        for (String file : SampleEvents.all()) {
            ObjectNode sample = SampleEvents.json(file);
            String schema = schemaOf(file);
            all.add(mutate(file, "another source", sample, e -> e.put("source", "attacker.example")));
            all.add(mutate(file, "another detail-type", sample, e -> e.put("detail-type", "Workspace Deleted")));
            all.add(mutate(file, "no detail", sample, e -> e.remove("detail")));
            all.add(mutate(file, "detail a string", sample, e -> e.put("detail", "{}")));
            if (schema == null) continue;
            JsonNode schemaNode = Json.read(resource(schema));
            walk(schemaNode, sample.path("detail"), "", (path, sub, value) -> {
                for (JsonNode required : sub.path("required")) {
                    if (value.has(required.asText())) {
                        all.add(mutate(file, "without " + join(path, required.asText()), sample,
                                e -> ((ObjectNode) at(e.path("detail"), path)).remove(required.asText())));
                    }
                }
                if (value.isObject() && sub.path("additionalProperties").isBoolean() && !sub.path("additionalProperties").asBoolean()) {
                    all.add(mutate(file, "unknown field in " + (path.isEmpty() ? "detail" : path), sample,
                            e -> ((ObjectNode) at(e.path("detail"), path)).put("unexpectedField", "x")));
                }
                if (value.isTextual() && sub.has("pattern")) {
                    Pattern p = Pattern.compile(sub.path("pattern").asText());
                    for (Object bad : badValues()) {
                        if (bad instanceof String s && p.matcher(s).find()) continue; // the spec accepts it
                        all.add(mutate(file, path + " = " + describe(bad), sample, e -> set(e.path("detail"), path, bad)));
                    }
                }
            });
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void accept_badEvent_isRefusedAndStartsNothing(Bad bad) {
        long before = executions();

        IntakeResult result = intake.accept(bad.event().getBytes(StandardCharsets.UTF_8));

        assertThat(result.outcome()).isEqualTo(IntakeResult.Outcome.REJECTED);
        assertThat(result.violations()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.field()).isNotBlank();
            assertThat(v.reason()).isNotBlank();
        });
        assertThat(executions()).isEqualTo(before);
        refused++;
    }

    @org.junit.jupiter.api.Test
    void corpus_hasAtLeastTwoHundredBadEvents() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(200);
    }

    // ---------------------------------------------------------------- generation

    interface Visitor {
        void visit(String path, JsonNode schema, JsonNode value);
    }

    /** Walks the sample's detail with its schema side by side (objects, arrays, properties). */
    static void walk(JsonNode schema, JsonNode value, String path, Visitor v) {
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

    static List<Object> badValues() {
        return List.of("", "x".repeat(10_000), "name\u0000\u0007\u001f", "x'; DROP TABLE workspaces;--", "\uD83D\uDE42-unicode",
                42, true, List.of(), Map.of("nested", "object"));
    }

    static Bad mutate(String file, String what, ObjectNode sample, Consumer<ObjectNode> change) {
        ObjectNode copy = sample.deepCopy();
        change.accept(copy);
        return new Bad(file + ": " + what, copy.toString());
    }

    static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.isEmpty() ? new String[0] : path.split("\\.")) {
            int b = part.indexOf('[');
            n = n.path(b < 0 ? part : part.substring(0, b));
            if (b >= 0) n = n.path(Integer.parseInt(part.substring(b + 1, part.length() - 1)));
        }
        return n;
    }

    static void set(JsonNode root, String path, Object value) {
        int dot = path.lastIndexOf('.');
        String parentPath = dot < 0 ? "" : path.substring(0, dot);
        String last = dot < 0 ? path : path.substring(dot + 1);
        JsonNode node = Json.MAPPER.valueToTree(value);
        int b = last.indexOf('[');
        if (b < 0) {
            ((ObjectNode) at(root, parentPath)).set(last, node);
        } else {
            ArrayNode array = (ArrayNode) at(root, join(parentPath, last.substring(0, b)));
            array.set(Integer.parseInt(last.substring(b + 1, last.length() - 1)), node);
        }
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String describe(Object bad) {
        if (bad instanceof String s) {
            if (s.isEmpty()) return "empty";
            if (s.length() > 100) return "10,000 characters";
            return JsonNodeFactory.instance.textNode(s).toString();
        }
        return bad.getClass().getSimpleName() + " " + bad;
    }

    static String schemaOf(String file) {
        if (file.startsWith("workspace-request")) return "workspace-request";
        if (file.startsWith("bucket-mount-request")) return "bucket-mount-request";
        if (file.startsWith("key-replacement-request")) return "key-replacement-request";
        if (file.startsWith("secret-rotation-request")) return "secret-rotation-request";
        return null;
    }

    static String resource(String schema) {
        try (var in = BadInputCorpusTest.class.getClassLoader().getResourceAsStream("schemas/" + schema + ".schema.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static long executions() {
        return machines.values().stream().mapToLong(arn -> sfn.listExecutions(b -> b.stateMachineArn(arn)).executions().size()).sum();
    }
}
