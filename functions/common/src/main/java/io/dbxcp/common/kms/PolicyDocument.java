package io.dbxcp.common.kms;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * An AWS policy document (a key policy, a bucket policy, a role's trust policy) read for one
 * question: does it let a named principal do an action on a resource? IAM's GetRole returns its
 * documents URL-encoded; KMS and S3 return plain JSON: {@link #parse} takes both.
 *
 * <p>What it understands: {@code Statement} as an object or a list; {@code Principal} as
 * {@code "*"} or {@code {"AWS": ...}} with a string or a list (an account id stands for that
 * account's {@code :root}); {@code Action}/{@code NotAction} and {@code Resource}/{@code NotResource}
 * as a string or a list, with the wildcards {@code *} and {@code ?} (actions case-insensitively);
 * an explicit {@code Deny} wins over any {@code Allow}.
 *
 * <p>What it does not decide: conditions. An {@code Allow} with a condition counts as allowing
 * (Databricks' documented statements carry conditions such as {@code kms:ViaService} or
 * {@code aws:PrincipalTag/DatabricksAccountId} that hold when Databricks makes the call), and a
 * {@code Deny} with a condition does not count (it usually guards something else, such as
 * {@code aws:SecureTransport}). Callers that need a condition read it with
 * {@link Statement#conditionValues}. An {@code Allow} with {@code NotPrincipal} is ignored.
 * A principal named by its account's {@code :root} does not cover a role of that account: that
 * delegates to IAM policies a resource policy does not show.
 */
public final class PolicyDocument {
    private final List<Statement> statements;

    private PolicyDocument(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /** Parses a policy, plain or URL-encoded JSON; throws {@link IllegalArgumentException} when it is neither. */
    public static PolicyDocument parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty policy document");
        String json = text.strip();
        if (!json.startsWith("{")) json = URLDecoder.decode(json, StandardCharsets.UTF_8).strip();
        JsonNode root = Json.read(json);
        if (!root.isObject()) throw new IllegalArgumentException("a policy document is a JSON object");
        JsonNode s = root.path("Statement");
        List<Statement> out = new ArrayList<>();
        if (s.isObject()) out.add(Statement.of(s));
        else if (s.isArray()) s.forEach(n -> out.add(Statement.of(n)));
        else throw new IllegalArgumentException("a policy document needs a Statement");
        return new PolicyDocument(out);
    }

    public List<Statement> statements() {
        return statements;
    }

    /**
     * Whether {@code principalArn} may do {@code action} on {@code resource} by this document: an
     * {@code Allow} covers it and no unconditional {@code Deny} does. Wildcards in {@code action}
     * or {@code resource} are taken literally (see {@link #missingActions} to ask about a pattern);
     * a null {@code resource} skips the resource part (a key policy's resource is always its key).
     */
    public boolean allows(String principalArn, String action, String resource) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (!s.appliesTo(principalArn) || !s.coversAction(action) || !s.coversResource(resource)) continue;
            if (s.deny()) {
                if (s.condition().isEmpty()) return false;
            } else {
                allowed = true;
            }
        }
        return allowed;
    }

    /**
     * The required actions {@code principalArn} may not do on {@code resource}, in the order given.
     * A required action with a wildcard ({@code kms:ReEncrypt*}) is granted when every action of
     * {@code catalogue} it stands for is allowed, so {@code kms:*}, {@code kms:ReEncrypt*} and
     * {@code kms:ReEncryptFrom} plus {@code kms:ReEncryptTo} all grant it; when the catalogue knows
     * no action it stands for, a statement must name the pattern itself (or a wider one).
     */
    public List<String> missingActions(String principalArn, Collection<String> required, String resource,
                                       Function<String, List<String>> catalogue) {
        List<String> missing = new ArrayList<>();
        for (String action : required) {
            List<String> concrete = hasWildcard(action) ? catalogue.apply(action) : List.of(action);
            if (concrete.isEmpty()) concrete = List.of(action);
            if (!concrete.stream().allMatch(a -> allows(principalArn, a, resource))) missing.add(action);
        }
        return missing;
    }

    /** The actions of a catalogue a pattern stands for. */
    public static List<String> expand(String pattern, List<String> catalogue) {
        return catalogue.stream().filter(a -> Glob.matches(pattern, a, true)).toList();
    }

    static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
    }

    /** One statement, normalised: lists are lists, absent parts are empty. */
    public record Statement(String sid, boolean deny, boolean anyPrincipal, List<String> principals, boolean notPrincipal,
                            List<String> actions, boolean notAction, List<String> resources, boolean notResource,
                            JsonNode condition) {

        static Statement of(JsonNode n) {
            boolean deny = "Deny".equalsIgnoreCase(n.path("Effect").asText());
            boolean notPrincipal = n.has("NotPrincipal");
            JsonNode p = notPrincipal ? n.path("NotPrincipal") : n.path("Principal");
            boolean any = p.isTextual() && "*".equals(p.asText());
            List<String> principals = new ArrayList<>();
            if (p.isObject()) principals.addAll(strings(p.path("AWS")));
            if (principals.contains("*")) any = true;
            boolean notAction = n.has("NotAction");
            boolean notResource = n.has("NotResource");
            return new Statement(n.path("Sid").asText(null), deny, any, principals, notPrincipal,
                    strings(n.path(notAction ? "NotAction" : "Action")), notAction,
                    strings(n.path(notResource ? "NotResource" : "Resource")), notResource,
                    n.path("Condition").isObject() ? n.path("Condition") : Json.MAPPER.createObjectNode());
        }

        /** Whether the statement's principal part names {@code principalArn} (or everyone). */
        public boolean appliesTo(String principalArn) {
            boolean named = anyPrincipal || principals.stream().anyMatch(p -> samePrincipal(p, principalArn));
            if (!notPrincipal) return named;
            return deny && !named; // Allow + NotPrincipal is not used to grant here
        }

        public boolean coversAction(String action) {
            boolean m = actions.stream().anyMatch(a -> Glob.matches(a, action, true));
            return notAction != m;
        }

        public boolean coversResource(String resource) {
            if (resource == null) return true;
            if (resources.isEmpty() && !notResource) return true; // key and trust policies may leave it out
            boolean m = resources.stream().anyMatch(r -> Glob.matches(r, resource, false));
            return notResource != m;
        }

        /**
         * The values of a condition, operator and key matched case-insensitively (as IAM does for
         * keys), for example {@code conditionValues("StringEquals", "sts:ExternalId")}; empty when absent.
         */
        public List<String> conditionValues(String operator, String key) {
            for (Iterator<Map.Entry<String, JsonNode>> ops = condition.fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getKey().equalsIgnoreCase(operator)) continue;
                for (Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields(); keys.hasNext(); ) {
                    Map.Entry<String, JsonNode> k = keys.next();
                    if (k.getKey().equalsIgnoreCase(key)) return strings(k.getValue());
                }
            }
            return List.of();
        }

        /** Whether any operator of the condition tests {@code key}. */
        public boolean conditionMentions(String key) {
            for (Iterator<JsonNode> ops = condition.elements(); ops.hasNext(); ) {
                for (Iterator<String> keys = ops.next().fieldNames(); keys.hasNext(); ) {
                    if (keys.next().equalsIgnoreCase(key)) return true;
                }
            }
            return false;
        }

        private static boolean samePrincipal(String named, String principalArn) {
            if (named.equalsIgnoreCase(principalArn)) return true;
            // "123456789012" is short for "arn:aws:iam::123456789012:root"
            return named.matches("\\d{12}") && principalArn.equalsIgnoreCase("arn:aws:iam::" + named + ":root");
        }

        private static List<String> strings(JsonNode n) {
            List<String> out = new ArrayList<>();
            if (n.isTextual()) out.add(n.asText());
            else if (n.isArray()) n.forEach(e -> out.add(e.asText()));
            else if (n.isValueNode() && !n.isNull() && !n.isMissingNode()) out.add(n.asText());
            return out;
        }
    }

    /** IAM's wildcard matching: {@code *} any run of characters, {@code ?} one character. */
    static final class Glob {
        private Glob() {}

        static boolean matches(String pattern, String text, boolean ignoreCase) {
            String p = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
            String t = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
            int pi = 0, ti = 0, star = -1, mark = 0;
            while (ti < t.length()) {
                if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                    pi++;
                    ti++;
                } else if (pi < p.length() && p.charAt(pi) == '*') {
                    star = pi++;
                    mark = ti;
                } else if (star >= 0) {
                    pi = star + 1;
                    ti = ++mark;
                } else {
                    return false;
                }
            }
            while (pi < p.length() && p.charAt(pi) == '*') pi++;
            return pi == p.length();
        }
    }
}
