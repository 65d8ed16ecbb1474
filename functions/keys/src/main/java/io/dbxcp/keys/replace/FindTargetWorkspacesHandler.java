package io.dbxcp.keys.replace;

import io.dbxcp.common.kms.KmsKeys;
import io.dbxcp.keys.ExecutionStepHandler;
import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.model.KeyExecution;
import io.dbxcp.keys.model.Targets;

/** State FindTargetWorkspaces: the workspaces a replacement updates ({@link ReplacementService#targets}). */
public final class FindTargetWorkspacesHandler extends ExecutionStepHandler<Targets> {
    private final ReplacementService service;

    public FindTargetWorkspacesHandler() {
        this(KeysClients.fromEnv(), KeysConfig.fromEnv());
    }

    FindTargetWorkspacesHandler(KeysClients clients, KeysConfig config) {
        this.service = new ReplacementService(clients.databricks()::account, config.databricksAwsAccountId(),
                (account, region) -> new KmsKeys(clients.kms(account, region), region));
    }

    @Override
    protected Targets handle(KeyExecution state) {
        return service.targets(state.request());
    }
}
