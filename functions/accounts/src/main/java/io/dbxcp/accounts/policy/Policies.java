package io.dbxcp.accounts.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Building AWS policy documents (trust, identity, key and bucket policies) and keeping them right.
 *
 * <p>Onboarding owns the statements it writes and knows them by {@code Sid}: {@link #merge} puts
 * ours in place (added when missing, replaced when they drifted) and keeps every statement of
 * someone else, so an administrator's own additions survive a rerun. Documents are compared after
 * {@link #normalize}: AWS may return {@code "s3:GetObject"} for {@code ["s3:GetObject"]}, reorder
 * lists, or URL-encode the document (IAM).
 */
public final class Policies {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Keys whose value may be a string or a list of strings, in statements and inside Principal. */
    private static final Set<String> LISTS = Set.of("Action", "NotAction", "Resource", "NotResource", "AWS", "Service", "Federated",
            "CanonicalUser");

    private Policies() {}

    /** {@code {"Version": "2012-10-17", "Statement": [...]}}. */
    public static ObjectNode document(Collection<ObjectNode> statements) {
        ObjectNode d = F.objectNode().put("Version", "2012-10-17");
        ArrayNode s = d.putArray("Statement");
        statements.forEach(s::add);
        return d;
    }

    public static ObjectNode document(ObjectNode... statements) {
        return document(List.of(statements));
    }

    /** A statement builder: {@code allow("Sid").aws(arn).actions(...).resources(...)}. */
    public static Statement allow(String sid) {
        return new Statement(sid, "Allow");
    }

    public static Statement deny(String sid) {
        return new Statement(sid, "Deny");
    }

    /** A statement under construction; {@link #json()} gives it. */
    public static final class Statement {
        private final ObjectNode node = F.objectNode();

        private Statement(String sid, String effect) {
            node.put("Sid", sid).put("Effect", effect);
        }

        public Statement anyone() {
            node.put("Principal", "*");
            return this;
        }

        public Statement aws(Collection<String> principals) {
            node.putObject("Principal").set("AWS", strings(principals));
            return this;
        }

        public Statement aws(String principal) {
            return aws(List.of(principal));
        }

        public Statement service(String service) {
            node.putObject("Principal").put("Service", service);
            return this;
        }

        public Statement actions(String... actions) {
            node.set("Action", strings(List.of(actions)));
            return this;
        }

        public Statement actions(Collection<String> actions) {
            node.set("Action", strings(actions));
            return this;
        }

        public Statement resources(String... resources) {
            node.set("Resource", strings(List.of(resources)));
            return this;
        }

        public Statement resources(Collection<String> resources) {
            node.set("Resource", strings(resources));
            return this;
        }

        /** Adds {@code "Condition": {operator: {key: values}}}, beside any condition already there. */
        public Statement condition(String operator, String key, String... values) {
            ObjectNode c = node.has("Condition") ? (ObjectNode) node.get("Condition") : node.putObject("Condition");
            ObjectNode op = c.has(operator) ? (ObjectNode) c.get(operator) : c.putObject(operator);
            op.set(key, values.length == 1 ? F.textNode(values[0]) : strings(List.of(values)));
            return this;
        }

        public ObjectNode json() {
            return node;
        }

        private static JsonNode strings(Collection<String> values) {
            if (values.size() == 1) return F.textNode(values.iterator().next());
            ArrayNode a = F.arrayNode();
            values.forEach(a::add);
            return a;
        }
    }

    /** Parses a document as AWS returns it: plain JSON, or URL-encoded JSON (IAM). */
    public static ObjectNode parse(String text) {
        String json = text.strip();
        if (!json.startsWith("{")) json = URLDecoder.decode(json, StandardCharsets.UTF_8).strip();
        JsonNode n = Json.read(json);
        if (!n.isObject()) throw new IllegalArgumentException("a policy document is a JSON object");
        return (ObjectNode) n;
    }

    /** The document's statements as a list (AWS allows one statement as an object). */
    public static List<ObjectNode> statements(JsonNode document) {
        List<ObjectNode> out = new ArrayList<>();
        if (document == null) return out;
        JsonNode s = document.path("Statement");
        if (s.isObject()) out.add((ObjectNode) s);
        else if (s.isArray()) s.forEach(n -> { if (n.isObject()) out.add((ObjectNode) n); });
        return out;
    }

    /** The outcome of {@link #merge}: the document to put, and the Sids of ours that were missing or different. */
    public record Merge(ObjectNode document, List<String> drifted) {
        public boolean changed() {
            return !drifted.isEmpty();
        }
    }

    /**
     * Our statements in place in {@code actual} (null: no policy yet): each of ours is added or
     * replaced, the others' statements are kept after ours, in their order.
     */
    public static Merge merge(JsonNode actual, List<ObjectNode> ours) {
        Set<String> ourSids = new LinkedHashSet<>();
        ours.forEach(s -> ourSids.add(s.path("Sid").asText()));
        List<ObjectNode> present = statements(actual);
        List<String> drifted = new ArrayList<>();
        for (ObjectNode want : ours) {
            String sid = want.path("Sid").asText();
            List<ObjectNode> same = present.stream().filter(s -> sid.equals(s.path("Sid").asText())).toList();
            if (same.size() != 1 || !normalize(same.get(0)).equals(normalize(want))) drifted.add(sid);
        }
        List<ObjectNode> merged = new ArrayList<>(ours);
        present.stream().filter(s -> !ourSids.contains(s.path("Sid").asText())).forEach(merged::add);
        return new Merge(document(merged), drifted);
    }

    /** Whether two documents say the same, read as AWS reads them. */
    public static boolean same(JsonNode a, JsonNode b) {
        return normalize(a).equals(normalize(b));
    }

    /**
     * A comparable copy: a lone statement becomes a list, statements are sorted, every string-or-list
     * value (actions, resources, principals, condition values) becomes a sorted list.
     */
    public static JsonNode normalize(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) return F.nullNode();
        if (!node.isObject()) return node;
        ObjectNode out = F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals("Statement")) {
                List<JsonNode> s = new ArrayList<>();
                (v.isArray() ? v : F.arrayNode().add(v)).forEach(x -> s.add(normalize(x)));
                s.sort(Comparator.comparing(JsonNode::toString));
                ArrayNode a = out.putArray(k);
                s.forEach(a::add);
            } else if (k.equals("Condition") && v.isObject()) {
                ObjectNode c = out.putObject(k);
                v.fields().forEachRemaining(op -> {
                    ObjectNode o = c.putObject(op.getKey());
                    op.getValue().fields().forEachRemaining(kv -> o.set(kv.getKey(), sortedList(kv.getValue())));
                });
            } else if (LISTS.contains(k)) {
                out.set(k, sortedList(v));
            } else {
                out.set(k, normalize(v));
            }
        }
        return out;
    }

    private static JsonNode sortedList(JsonNode v) {
        if (!v.isArray() && !v.isTextual() && !v.isValueNode()) return v;
        List<String> values = new ArrayList<>();
        if (v.isArray()) v.forEach(x -> values.add(x.asText()));
        else values.add(v.asText());
        values.sort(null);
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
