package io.dbxcp.keys.update;

import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.WorkspaceStepHandler;
import io.dbxcp.keys.model.PatchResult;
import io.dbxcp.keys.model.WorkspaceUpdate;
import java.time.Clock;

/**
 * State PatchWorkspace: PATCH with an update_mask naming exactly the field sent; a refusal because compute started meanwhile is a result, not an error. Environment: {@code DATABRICKS_HOST}, {@code DATABRICKS_ACCOUNT_ID},
 * {@code DATABRICKS_CREDENTIALS_SECRET}. See {@link WorkspaceUpdateService#patch}.
 */
public final class PatchWorkspaceKeyHandler extends WorkspaceStepHandler<PatchResult> {
    private final WorkspaceUpdateService service;

    public PatchWorkspaceKeyHandler() {
        this(KeysClients.fromEnv(), KeysConfig.fromEnv());
    }

    PatchWorkspaceKeyHandler(KeysClients clients, KeysConfig config) {
        this.service = new WorkspaceUpdateService(clients.databricks()::account, clients.databricks()::workspace, config, Clock.systemUTC());
    }

    @Override
    protected PatchResult handle(WorkspaceUpdate state) {
        return service.patch(state);
    }
}
