package io.dbxcp.keys.update;

import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.WorkspaceStepHandler;
import io.dbxcp.keys.model.UpdatePlan;
import io.dbxcp.keys.model.WorkspaceUpdate;
import java.time.Clock;

/**
 * State PlanWorkspaceUpdate: re-reads the workspace and decides: PATCH, or skip with the outcome decided (the new key is set already; a storage key is set already, which Databricks never replaces; not RUNNING). No PATCH is sent here. Environment: {@code DATABRICKS_HOST}, {@code DATABRICKS_ACCOUNT_ID},
 * {@code DATABRICKS_CREDENTIALS_SECRET}. See {@link WorkspaceUpdateService#plan}.
 */
public final class PlanWorkspaceUpdateHandler extends WorkspaceStepHandler<UpdatePlan> {
    private final WorkspaceUpdateService service;

    public PlanWorkspaceUpdateHandler() {
        this(KeysClients.fromEnv(), KeysConfig.fromEnv());
    }

    PlanWorkspaceUpdateHandler(KeysClients clients, KeysConfig config) {
        this.service = new WorkspaceUpdateService(clients.databricks()::account, clients.databricks()::workspace, config, Clock.systemUTC());
    }

    @Override
    protected UpdatePlan handle(WorkspaceUpdate state) {
        return service.plan(state);
    }
}
