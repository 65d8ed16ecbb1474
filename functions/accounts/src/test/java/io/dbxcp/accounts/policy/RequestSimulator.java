package io.dbxcp.accounts.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.kms.PolicyDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a resource policy for one request the way IAM does, conditions included (which
 * {@link PolicyDocument#allows} leaves undecided): enough of IAM's condition operators for the
 * policies onboarding writes (Bool, String(Not)Equals, String(Not)Like, Null, ForAnyValue:, ...IfExists).
 * A key absent from the request context does not match, except for negated operators, where it
 * does, and for ...IfExists, where the condition holds.
 */
public final class RequestSimulator {
    public enum Decision { EXPLICIT_DENY, ALLOW, IMPLICIT_DENY }

    private RequestSimulator() {}

    public static Decision evaluate(String policyJson, String principal, String action, String resource, Map<String, String> context) {
        PolicyDocument doc = PolicyDocument.parse(policyJson);
        boolean allowed = false;
        for (PolicyDocument.Statement s : doc.statements()) {
            if ((principal != null && !s.appliesTo(principal)) || !s.coversAction(action) || !s.coversResource(resource)) continue;
            if (!conditionsHold(s.condition(), context)) continue;
            if (s.deny()) return Decision.EXPLICIT_DENY;
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    /** An identity policy (a role's own permissions: no Principal) for one request of that role. */
    public static Decision evaluateIdentity(String policyJson, String action, String resource, Map<String, String> context) {
        return evaluate(policyJson, null, action, resource, context);
    }

    /** The Sids of the Deny statements that refuse the request. */
    public static List<String> denyingStatements(String policyJson, String principal, String action, String resource, Map<String, String> context) {
        List<String> out = new ArrayList<>();
        for (PolicyDocument.Statement s : PolicyDocument.parse(policyJson).statements()) {
            if (s.deny() && s.appliesTo(principal) && s.coversAction(action) && s.coversResource(resource) && conditionsHold(s.condition(), context)) {
                out.add(s.sid());
            }
        }
        return out;
    }

    static boolean conditionsHold(JsonNode condition, Map<String, String> context) {
        for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
            Map.Entry<String, JsonNode> op = ops.next();
            for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                Map.Entry<String, JsonNode> k = keys.next();
                if (!holds(op.getKey(), k.getKey(), values(k.getValue()), context)) return false;
            }
        }
        return true;
    }

    private static boolean holds(String operator, String key, List<String> wanted, Map<String, String> context) {
        String op = operator;
        boolean ifExists = op.endsWith("IfExists");
        if (ifExists) op = op.substring(0, op.length() - "IfExists".length());
        if (op.startsWith("ForAnyValue:")) op = op.substring("ForAnyValue:".length());
        String actual = context.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue).findFirst().orElse(null);
        if (op.equals("Null")) {
            boolean absent = actual == null;
            return wanted.stream().anyMatch(w -> Boolean.parseBoolean(w) == absent);
        }
        if (actual == null) return ifExists || op.contains("Not");
        return switch (op) {
            case "Bool", "StringEqualsIgnoreCase" -> wanted.stream().anyMatch(w -> w.equalsIgnoreCase(actual));
            case "StringEquals", "ArnEquals" -> wanted.contains(actual);
            case "StringNotEquals", "ArnNotEquals" -> !wanted.contains(actual);
            case "StringLike", "ArnLike" -> wanted.stream().anyMatch(w -> glob(w, actual));
            case "StringNotLike", "ArnNotLike" -> wanted.stream().noneMatch(w -> glob(w, actual));
            default -> throw new IllegalArgumentException("condition operator " + operator + " is not simulated");
        };
    }

    private static boolean glob(String pattern, String text) {
        String regex = ("\\Q" + pattern.replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q") + "\\E").replace("\\Q\\E", "");
        return text.matches(regex);
    }

    private static List<String> values(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) n.forEach(v -> out.add(v.asText()));
        else out.add(n.asText());
        return out;
    }
}
