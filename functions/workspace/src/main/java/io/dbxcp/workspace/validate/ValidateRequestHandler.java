package io.dbxcp.workspace.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.workspace.model.ProvisionState;
import java.util.Map;

/**
 * State ValidateRequest: validates the request again (console executions skip the intake) and
 * starts the execution's state with the request's defaults filled in. Bad input fails the
 * execution with {@code InvalidRequestException} naming each field.
 */
public final class ValidateRequestHandler extends JsonHandler<JsonNode, ProvisionState> {
    private final RequestValidation validation = new RequestValidation();

    public ValidateRequestHandler() {
        super(JsonNode.class);
    }

    @Override
    protected Map<String, String> keys(JsonNode input) {
        return Map.of(LogKeys.WORKFLOW, "provision-workspace",
                LogKeys.REQUEST_ID, input.path("request").path("requestId").asText(input.path("requestId").asText("")));
    }

    @Override
    protected ProvisionState handle(JsonNode input) {
        return validation.start(input);
    }
}
