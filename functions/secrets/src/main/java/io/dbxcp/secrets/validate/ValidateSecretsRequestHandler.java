package io.dbxcp.secrets.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.config.Env;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.secrets.SecretsLogKeys;
import java.util.HashMap;
import java.util.Map;

/**
 * Task "ValidateRequest" of rotate-secrets and sync-secret-scopes. The state machine passes
 * {@code {"workflow": "<its name>", "input": <the execution's input>}}; the result is the input,
 * validated (see {@link SecretsRequestValidation}). Bad input fails the execution with
 * {@code InvalidRequestException} naming each field. Reads {@code CONTROL_PLANE_ACCOUNT_ID} and
 * {@code AWS_REGION}; calls nothing.
 */
public final class ValidateSecretsRequestHandler extends JsonHandler<JsonNode, JsonNode> {

    public ValidateSecretsRequestHandler() {
        super(JsonNode.class);
    }

    @Override
    protected String primingPayload() {
        return "{\"workflow\":\"sync-secret-scopes\",\"input\":{\"request\":{\"secretId\":\"dbxcp/x\"}}}";
    }

    @Override
    protected Map<String, String> keys(JsonNode payload) {
        JsonNode request = payload.path("input").path("request");
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, payload.path("workflow").asText(""));
        if (request.path("requestId").isTextual()) keys.put(LogKeys.REQUEST_ID, request.path("requestId").asText());
        if (request.path("secretId").isTextual()) keys.put(SecretsLogKeys.SECRET_ID, request.path("secretId").asText());
        return keys;
    }

    @Override
    protected JsonNode handle(JsonNode payload) {
        Env.Reader env = Env.reader();
        String account = env.required("CONTROL_PLANE_ACCOUNT_ID");
        String region = env.required("AWS_REGION");
        env.check();
        return new SecretsRequestValidation(account, region).validate(payload.path("workflow").asText(), payload.path("input"));
    }
}
