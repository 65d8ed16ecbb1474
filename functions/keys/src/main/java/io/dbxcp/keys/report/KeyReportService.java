package io.dbxcp.keys.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.LambdaErrors;
import io.dbxcp.keys.model.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The detail of the event that ends a rotate-key execution, from the execution's state:
 * <ul>
 *   <li>a replacement that reached its workspaces: {@code Key Replacement Completed}, with every
 *       workspace's outcome, counts and {@code status} SUCCEEDED (every workspace UPDATED or
 *       ALREADY_SET), PARTIAL or FAILED, and a {@code cause} naming each workspace that did not succeed;</li>
 *   <li>a replacement that stopped before its workspaces (invalid, unknown workspace, the new key's
 *       preflight, its registration): {@code Key Replacement Failed};</li>
 *   <li>a key check that could not be made: {@code Key Check Failed}.</li>
 * </ul>
 * Both failures carry {@code failedStep}, {@code error} and {@code cause} (the error's message, not
 * the Lambda payload around it). It never throws on a state it does not know: it says what it has.
 */
public final class KeyReportService {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int MAX_CAUSE = 4000;

    public ObjectNode report(JsonNode state) {
        boolean failed = state.hasNonNull("failedStep") && !state.path("results").isArray();
        return failed ? failure(state) : summary(state);
    }

    private ObjectNode summary(JsonNode state) {
        JsonNode r = state.path("request");
        JsonNode newKey = state.path("newKey");
        ObjectNode d = F.objectNode();
        d.put("requestId", text(r, "requestId"));
        d.put("useCase", text(r, "useCase"));
        d.put("newKeyArn", text(r, "newKeyArn"));
        d.put("newKeyConfigurationId", text(newKey, "customerManagedKeyId"));
        d.put("newKeyRegistered", newKey.path("created").asBoolean(false));
        d.put("selectedBy", text(state.path("targets"), "selectedBy"));
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) counts.put(o, 0);
        ArrayNode workspaces = d.putArray("workspaces");
        List<String> causes = new ArrayList<>();
        for (JsonNode result : state.path("results")) {
            ObjectNode w = outcome(result);
            Outcome o = parse(w.path("outcome").asText());
            counts.merge(o, 1, Integer::sum);
            if (!o.succeeded()) causes.add("workspace " + w.path("workspaceId").asText() + " " + o + ": " + w.path("reason").asText(""));
            workspaces.add(w);
        }
        int total = workspaces.size();
        int ok = counts.get(Outcome.UPDATED) + counts.get(Outcome.ALREADY_SET);
        String status = ok == total ? "SUCCEEDED" : ok == 0 ? "FAILED" : "PARTIAL";
        d.put("status", status);
        ObjectNode c = d.putObject("counts");
        c.put("workspaces", total);
        c.put("updated", counts.get(Outcome.UPDATED));
        c.put("alreadySet", counts.get(Outcome.ALREADY_SET));
        c.put("refused", counts.get(Outcome.REFUSED));
        c.put("failed", counts.get(Outcome.FAILED));
        if (total == 0) {
            d.put("note", "no workspace uses " + text(r, "oldKeyArn") + " for " + text(r, "useCase") + ": nothing to do");
        }
        d.put("cause", causes.isEmpty() ? null : clip(String.join("; ", causes)));
        return d;
    }

    /** A workspace's outcome: as the steps made it, or from the failure the state machine recorded. */
    private static ObjectNode outcome(JsonNode result) {
        ObjectNode w = result.isObject() ? ((ObjectNode) result).deepCopy() : F.objectNode();
        JsonNode caught = w.remove("caught");
        if (caught != null && caught.isObject()) {
            w.put("error", caught.path("Error").asText(null));
            if (!w.hasNonNull("reason")) w.put("reason", clip(readable(caught.path("Cause"), caught.path("Error").asText(""))));
        }
        if (!w.hasNonNull("outcome")) w.put("outcome", Outcome.FAILED.name());
        return w;
    }

    private ObjectNode failure(JsonNode state) {
        JsonNode r = state.path("request");
        boolean replacement = "REPLACE".equals(r.path("kind").asText()) || r.hasNonNull("newKeyArn");
        JsonNode error = state.path("error");
        String name = error.path("Error").asText("Unknown");
        String step = state.path("failedStep").asText();
        ObjectNode d = F.objectNode();
        d.put("detailType", replacement ? "Key Replacement Failed" : "Key Check Failed");
        d.put("kind", r.path("kind").asText(replacement ? "REPLACE" : null));
        if (replacement) {
            d.put("requestId", text(r, "requestId"));
            d.put("useCase", text(r, "useCase"));
            d.put("newKeyArn", text(r, "newKeyArn"));
            d.put("oldKeyArn", text(r, "oldKeyArn"));
            if (r.path("workspaceIds").isArray()) d.set("workspaceIds", r.path("workspaceIds"));
        } else {
            d.put("keyArn", text(r, "keyArn"));
            d.put("eventId", text(state.path("trigger"), "eventId"));
        }
        d.put("status", "FAILED");
        d.put("failedStep", step);
        d.put("error", name);
        d.put("cause", clip(step + " failed: " + readable(error.path("Cause"), name)));
        return d;
    }

    /** The message of a Lambda error payload ({"errorMessage", "errorType", ...}), else the text as it is. */
    static String readable(JsonNode cause, String fallback) {
        if (cause.isMissingNode() || cause.isNull()) return fallback;
        return LambdaErrors.message(cause.asText());
    }

    private static Outcome parse(String s) {
        try {
            return Outcome.valueOf(s);
        } catch (IllegalArgumentException e) {
            return Outcome.FAILED;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static String clip(String s) {
        return s.length() <= MAX_CAUSE ? s : s.substring(0, MAX_CAUSE) + "...";
    }
}
