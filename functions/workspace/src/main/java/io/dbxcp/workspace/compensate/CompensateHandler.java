package io.dbxcp.workspace.compensate;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.workspace.WorkspaceClients;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * State Compensate: undoes what the failed run created and reports it (see {@link CompensationService}).
 * It reads the raw state, because a failure can come before the state has its full shape.
 */
public final class CompensateHandler extends JsonHandler<JsonNode, FailureReport> {
    private final CompensationService service;

    public CompensateHandler() {
        this(WorkspaceClients.fromEnv());
    }

    CompensateHandler(WorkspaceClients clients) {
        super(JsonNode.class);
        SecretsManagerClient secrets = AwsClients.build(SecretsManagerClient.builder(), clients.aws());
        this.service = new CompensationService(clients.databricks()::account, clients.databricks()::workspace, () -> secrets);
    }

    @Override
    protected Map<String, String> keys(JsonNode state) {
        return Map.of(LogKeys.WORKFLOW, "provision-workspace", LogKeys.REQUEST_ID, state.path("request").path("requestId").asText(""));
    }

    @Override
    protected FailureReport handle(JsonNode state) {
        return service.compensate(state);
    }
}
