package io.dbxcp.storage.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.storage.StorageClients;
import io.dbxcp.storage.StorageKeys;
import io.dbxcp.storage.model.MountExecution;
import java.util.HashMap;
import java.util.Map;

/**
 * State ValidateRequest: validates the request, finds its workspace and plans each bucket (see
 * {@link MountRequestService}). Bad input fails the execution with {@code InvalidRequestException}
 * naming each field.
 */
public final class ValidateMountRequestHandler extends JsonHandler<JsonNode, MountExecution> {
    private final MountRequestService service;

    public ValidateMountRequestHandler() {
        this(StorageClients.fromEnv());
    }

    ValidateMountRequestHandler(StorageClients clients) {
        super(JsonNode.class);
        this.service = new MountRequestService(clients.databricks()::account);
    }

    @Override
    protected Map<String, String> keys(JsonNode input) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, StorageKeys.WORKFLOW);
        keys.put(LogKeys.REQUEST_ID, input.path("request").path("requestId").asText(input.path("requestId").asText("")));
        return keys;
    }

    @Override
    protected MountExecution handle(JsonNode input) {
        return service.start(input);
    }
}
