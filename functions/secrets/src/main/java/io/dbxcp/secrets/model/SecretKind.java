package io.dbxcp.secrets.model;

import io.dbxcp.common.databricks.OboToken;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a Secrets Manager secret under this control plane holds, named by its {@code dbxcp:kind} tag.
 * The kind decides how the secret is rotated, which credential is written into secret scopes, and
 * where its expiry is read.
 */
public enum SecretKind {
    /** An on-behalf-of token of a service principal on one workspace ({@link OboToken}). */
    OBO_TOKEN("obo-token"),
    /** An OAuth secret of a service principal, account level ({@link OAuthSecret}). */
    SP_OAUTH_SECRET("sp-oauth-secret");

    private final String tag;

    SecretKind(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code dbxcp:kind} tag. */
    public String tag() {
        return tag;
    }

    public static Optional<SecretKind> fromTag(String value) {
        return Arrays.stream(values()).filter(k -> k.tag.equals(value)).findFirst();
    }
}
