package io.dbxcp.secrets.model;

/**
 * Where a secret's credential is written: key {@code key} of the Databricks-backed secret scope
 * {@code scope} on workspace {@code workspaceId}. {@code field} names the JSON field of the secret
 * value to write; null writes the kind's credential (the token, the client secret), or the whole
 * value of a secret without a kind.
 */
public record ScopeTarget(long workspaceId, String scope, String key, String field) {

    /** The tag form: {@code <workspaceId>/<scope>/<key>[=<field>]}. */
    @Override
    public String toString() {
        return workspaceId + "/" + scope + "/" + key + (field == null ? "" : "=" + field);
    }
}
