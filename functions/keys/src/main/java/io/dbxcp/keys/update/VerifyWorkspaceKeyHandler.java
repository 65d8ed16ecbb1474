package io.dbxcp.keys.update;

import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.WorkspaceStepHandler;
import io.dbxcp.keys.model.WorkspaceOutcome;
import io.dbxcp.keys.model.WorkspaceUpdate;
import java.time.Clock;

/**
 * State VerifyWorkspaceKey: reads the workspace again and compares the field with the new key; a mismatch is outcome FAILED (a silent revert), never a success. Environment: {@code DATABRICKS_HOST}, {@code DATABRICKS_ACCOUNT_ID},
 * {@code DATABRICKS_CREDENTIALS_SECRET}. See {@link WorkspaceUpdateService#verify}.
 */
public final class VerifyWorkspaceKeyHandler extends WorkspaceStepHandler<WorkspaceOutcome> {
    private final WorkspaceUpdateService service;

    public VerifyWorkspaceKeyHandler() {
        this(KeysClients.fromEnv(), KeysConfig.fromEnv());
    }

    VerifyWorkspaceKeyHandler(KeysClients clients, KeysConfig config) {
        this.service = new WorkspaceUpdateService(clients.databricks()::account, clients.databricks()::workspace, config, Clock.systemUTC());
    }

    @Override
    protected WorkspaceOutcome handle(WorkspaceUpdate state) {
        return service.verify(state);
    }
}
