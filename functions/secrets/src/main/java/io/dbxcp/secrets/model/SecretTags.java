package io.dbxcp.secrets.model;

import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.validation.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tags that put a Secrets Manager secret under this control plane, and how their values read.
 * Tag values may hold at most 256 characters of {@code [\p{L}\p{Z}\p{N}_.:/=+\-@]} (no comma), so
 * lists are separated by spaces.
 *
 * <table>
 *   <caption>tags</caption>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>{@code dbxcp:kind}</td><td>{@code obo-token} or {@code sp-oauth-secret}: how it is rotated</td></tr>
 *   <tr><td>{@code dbxcp:workspace-id}, {@code dbxcp:application-id}</td><td>an obo-token's workspace and service principal</td></tr>
 *   <tr><td>{@code dbxcp:service-principal-id}</td><td>an sp-oauth-secret's service principal (account SCIM id)</td></tr>
 *   <tr><td>{@code dbxcp:scope-sync}, {@code dbxcp:scope-sync:<anything>}</td><td>targets {@code <workspaceId>/<scope>/<key>[=<field>]}, space-separated</td></tr>
 *   <tr><td>{@code dbxcp:scope-acls}</td><td>ACLs of the target scopes, {@code <principal>=<READ|WRITE|MANAGE>} space-separated; default {@code admins=MANAGE}</td></tr>
 * </table>
 */
public final class SecretTags {
    public static final String KIND = "dbxcp:kind";
    public static final String WORKSPACE_ID = "dbxcp:workspace-id";
    public static final String APPLICATION_ID = "dbxcp:application-id";
    public static final String SERVICE_PRINCIPAL_ID = "dbxcp:service-principal-id";
    public static final String SCOPE_SYNC = "dbxcp:scope-sync";
    public static final String SCOPE_ACLS = "dbxcp:scope-acls";
    /** The ACL a scope gets when the secret names none: workspace admins manage it. */
    public static final List<ScopeAcl> DEFAULT_ACLS = List.of(new ScopeAcl("admins", "MANAGE"));

    private static final Pattern TARGET = Pattern.compile(
            "(?<ws>[0-9]{1,19})/(?<scope>[A-Za-z0-9_.@-]{1,128})/(?<key>[A-Za-z0-9_.-]{1,128})(=(?<field>[A-Za-z0-9_]{1,64}))?");
    private static final Pattern ACL = Pattern.compile("(?<principal>[\\p{L}\\p{N}_.:/+@-]{1,128})=(?<permission>READ|WRITE|MANAGE)");

    private SecretTags() {}

    public static Optional<SecretKind> kind(Map<String, String> tags) {
        return Optional.ofNullable(tags.get(KIND)).flatMap(SecretKind::fromTag);
    }

    /** Every scope-sync target of the secret, in tag order, each once; a malformed one is an {@link InvalidRequestException}. */
    public static List<ScopeTarget> targets(Map<String, String> tags) {
        Set<ScopeTarget> targets = new LinkedHashSet<>();
        List<Violation> violations = new ArrayList<>();
        new java.util.TreeMap<>(tags).forEach((key, value) -> {
            if (!key.equals(SCOPE_SYNC) && !key.startsWith(SCOPE_SYNC + ":")) return;
            for (String item : value.trim().split("\\s+")) {
                if (item.isEmpty()) continue;
                Matcher m = TARGET.matcher(item);
                if (!m.matches()) {
                    violations.add(new Violation("tag " + key, "'" + item + "' is not <workspaceId>/<scope>/<key>[=<field>]"));
                    continue;
                }
                targets.add(new ScopeTarget(Long.parseLong(m.group("ws")), m.group("scope"), m.group("key"), m.group("field")));
            }
        });
        if (!violations.isEmpty()) throw new InvalidRequestException(violations);
        return List.copyOf(targets);
    }

    /** The ACLs the target scopes must hold: the {@code dbxcp:scope-acls} tag, else {@link #DEFAULT_ACLS}. */
    public static List<ScopeAcl> acls(Map<String, String> tags) {
        String value = tags.get(SCOPE_ACLS);
        if (value == null || value.isBlank()) return DEFAULT_ACLS;
        Map<String, ScopeAcl> acls = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (String item : value.trim().split("\\s+")) {
            Matcher m = ACL.matcher(item);
            if (!m.matches()) {
                violations.add(new Violation("tag " + SCOPE_ACLS, "'" + item + "' is not <principal>=<READ|WRITE|MANAGE>"));
                continue;
            }
            ScopeAcl previous = acls.put(m.group("principal"), new ScopeAcl(m.group("principal"), m.group("permission")));
            if (previous != null) violations.add(new Violation("tag " + SCOPE_ACLS, "principal '" + previous.principal() + "' is named twice"));
        }
        if (!violations.isEmpty()) throw new InvalidRequestException(violations);
        return List.copyOf(acls.values());
    }

    /** A required numeric id from a tag; absent or malformed is an {@link InvalidRequestException} naming the tag. */
    public static long requiredId(Map<String, String> tags, String key) {
        String v = tags.get(key);
        if (v == null || !v.matches("[0-9]{1,19}")) {
            throw new InvalidRequestException("tag " + key, v == null ? "is missing" : "'" + v + "' is not a numeric id");
        }
        return Long.parseLong(v);
    }
}
