package io.dbxcp.secrets.model;

import io.dbxcp.common.databricks.OboToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.json.Json;

/**
 * Reads secret values. A parser's message may quote the text it read, so no message of a failed
 * parse is ever passed on: the errors name the secret and the field, never the value.
 */
public final class SecretValues {
    private SecretValues() {}

    public static OboToken oboToken(String secretName, String text) {
        OboToken t = read(secretName, text, OboToken.class);
        if (t.token() == null || t.token().isBlank()) throw missing(secretName, "token");
        return t;
    }

    public static OAuthSecret oauthSecret(String secretName, String text) {
        OAuthSecret s = read(secretName, text, OAuthSecret.class);
        if (s.clientSecret() == null || s.clientSecret().isBlank()) throw missing(secretName, "client_secret");
        return s;
    }

    /**
     * The text a scope target receives: the JSON field {@code field} of the value when one is named,
     * else the credential of the kind (the token, the client secret), else the whole value.
     */
    public static String credential(String secretName, SecretKind kind, String text, String field) {
        if (field != null) {
            JsonNode v = tree(secretName, text).get(field);
            if (v == null || v.isNull() || v.isContainerNode()) throw missing(secretName, field);
            return v.asText();
        }
        if (kind == null) return text;
        return switch (kind) {
            case OBO_TOKEN -> oboToken(secretName, text).token();
            case SP_OAUTH_SECRET -> oauthSecret(secretName, text).clientSecret();
        };
    }

    private static <T> T read(String secretName, String text, Class<T> type) {
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (Exception notOurs) { // never pass the parser's message on: it may quote the value
            throw new InvalidRequestException("secret " + secretName, "does not hold a JSON " + type.getSimpleName() + " value");
        }
    }

    private static JsonNode tree(String secretName, String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node != null && node.isObject()) return node;
        } catch (Exception notJson) { // as above: no message
        }
        throw new InvalidRequestException("secret " + secretName, "does not hold a JSON object");
    }

    private static InvalidRequestException missing(String secretName, String field) {
        return new InvalidRequestException("secret " + secretName, "holds no '" + field + "' field");
    }
}
