package io.dbxcp.secrets.model;

/** An ACL a synced secret scope must hold: {@code permission} (READ, WRITE, MANAGE) for {@code principal}. */
public record ScopeAcl(String principal, String permission) {
    @Override
    public String toString() {
        return principal + "=" + permission;
    }
}
