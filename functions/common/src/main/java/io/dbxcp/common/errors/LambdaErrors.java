package io.dbxcp.common.errors;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.json.Json;

/** What Step Functions hands on of a failed Lambda Task: its Cause is the error payload as JSON text. */
public final class LambdaErrors {
    private LambdaErrors() {}

    /** The {@code errorMessage} of a Lambda error payload; any other cause as it is; null for none. */
    public static String message(String cause) {
        if (cause == null) return null;
        String text = cause.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode payload = Json.read(text);
                if (payload.hasNonNull("errorMessage")) return payload.get("errorMessage").asText();
            } catch (IllegalArgumentException notJson) {
                // a plain cause that starts with '{'
            }
        }
        return cause;
    }
}
