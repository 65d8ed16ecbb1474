package io.dbxcp.secrets.model;

import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.validation.SchemaValidator;
import java.util.regex.Pattern;

/**
 * Which secrets this control plane may touch: names under {@code dbxcp/}, by name or by ARN, written
 * as a secret id of a rotation request may be (events/schemas/secret-rotation-request.schema.json:
 * the characters of a secret name, at most 512).
 */
public final class SecretIds {
    public static final String PREFIX = "dbxcp/";
    private static final Pattern WRITTEN = Pattern.compile(SchemaValidator.schema("secret-rotation-request")
            .getSchemaNode().at("/properties/secretIds/items/pattern").asText());

    private SecretIds() {}

    /** The id itself when it names a secret under {@code dbxcp/}; else an {@link InvalidRequestException} naming {@code field}. */
    public static String require(String field, String secretId) {
        if (secretId == null || secretId.isBlank()) throw new InvalidRequestException(field, "is missing");
        boolean ours = secretId.startsWith(PREFIX)
                || secretId.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:" + PREFIX + ".+");
        if (!ours) {
            throw new InvalidRequestException(field, "'" + shown(secretId) + "' is not a secret under " + PREFIX + " (name or ARN): this control plane manages only those");
        }
        if (!WRITTEN.matcher(secretId).find()) {
            throw new InvalidRequestException(field, "'" + shown(secretId) + "' is not a secret name or ARN (at most 512 of A-Z a-z 0-9 / _ + = . @ -)");
        }
        return secretId;
    }

    /** The id as a message may quote it: at most 100 characters, control characters escaped. */
    private static String shown(String secretId) {
        String s = secretId.length() > 100 ? secretId.substring(0, 100) + "... (" + secretId.length() + " characters)" : secretId;
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
        return out.toString();
    }
}
