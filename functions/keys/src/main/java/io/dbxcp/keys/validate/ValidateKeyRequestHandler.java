package io.dbxcp.keys.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.keys.KeysLogKeys;
import io.dbxcp.keys.model.KeyExecution;
import java.util.HashMap;
import java.util.Map;

/**
 * State ValidateRequest: validates and normalises the request (see {@link KeyRequestValidation}).
 * Bad input fails with {@code InvalidRequestException} naming each field. Makes no call.
 */
public final class ValidateKeyRequestHandler extends JsonHandler<JsonNode, KeyExecution> {
    private final KeyRequestValidation validation = new KeyRequestValidation();

    public ValidateKeyRequestHandler() {
        super(JsonNode.class);
    }

    @Override
    protected Map<String, String> keys(JsonNode input) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, KeysLogKeys.WORKFLOW);
        JsonNode r = input.path("request").isObject() ? input.path("request") : input;
        String id = r.path("requestId").asText(input.path("trigger").path("eventId").asText(""));
        if (!id.isEmpty()) keys.put(LogKeys.REQUEST_ID, id);
        return keys;
    }

    @Override
    protected KeyExecution handle(JsonNode input) {
        return validation.validate(input);
    }
}
