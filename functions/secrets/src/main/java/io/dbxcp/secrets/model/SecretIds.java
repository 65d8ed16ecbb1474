package io.dbxcp.secrets.model;

import io.dbxcp.common.errors.InvalidRequestException;

/** Which secrets this control plane may touch: names under {@code dbxcp/}, by name or by ARN. */
public final class SecretIds {
    public static final String PREFIX = "dbxcp/";

    private SecretIds() {}

    /** The id itself when it names a secret under {@code dbxcp/}; else an {@link InvalidRequestException} naming {@code field}. */
    public static String require(String field, String secretId) {
        if (secretId == null || secretId.isBlank()) throw new InvalidRequestException(field, "is missing");
        boolean ours = secretId.startsWith(PREFIX)
                || secretId.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:" + PREFIX + ".+");
        if (!ours) {
            throw new InvalidRequestException(field, "'" + secretId + "' is not a secret under " + PREFIX + " (name or ARN): this control plane manages only those");
        }
        return secretId;
    }
}
