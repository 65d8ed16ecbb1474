package io.dbxcp.keys.update;

import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.WorkspaceStepHandler;
import io.dbxcp.keys.model.ComputeCheck;
import io.dbxcp.keys.model.WorkspaceUpdate;
import java.time.Clock;

/**
 * State CheckIdleCompute: one look at the workspace's clusters, instance pools and classic SQL warehouses ({@link RunningCompute}); the state machine waits between looks, as long as the request allows. Environment: {@code DATABRICKS_HOST}, {@code DATABRICKS_ACCOUNT_ID},
 * {@code DATABRICKS_CREDENTIALS_SECRET}. See {@link WorkspaceUpdateService#compute}.
 */
public final class CheckIdleComputeHandler extends WorkspaceStepHandler<ComputeCheck> {
    private final WorkspaceUpdateService service;

    public CheckIdleComputeHandler() {
        this(KeysClients.fromEnv(), KeysConfig.fromEnv());
    }

    CheckIdleComputeHandler(KeysClients clients, KeysConfig config) {
        this.service = new WorkspaceUpdateService(clients.databricks()::account, clients.databricks()::workspace, config, Clock.systemUTC());
    }

    @Override
    protected ComputeCheck handle(WorkspaceUpdate state) {
        return service.compute(state);
    }
}
