package io.dbxcp.keys.update;

import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.WorkspaceStepHandler;
import io.dbxcp.keys.model.StatusPoll;
import io.dbxcp.keys.model.WorkspaceUpdate;
import java.time.Clock;

/**
 * State GetWorkspaceStatus: one poll of the workspace after its PATCH (PROVISIONING with a Databricks-managed VPC, then RUNNING). Environment: {@code DATABRICKS_HOST}, {@code DATABRICKS_ACCOUNT_ID},
 * {@code DATABRICKS_CREDENTIALS_SECRET}. See {@link WorkspaceUpdateService#poll}.
 */
public final class PollWorkspaceUpdateHandler extends WorkspaceStepHandler<StatusPoll> {
    private final WorkspaceUpdateService service;

    public PollWorkspaceUpdateHandler() {
        this(KeysClients.fromEnv(), KeysConfig.fromEnv());
    }

    PollWorkspaceUpdateHandler(KeysClients clients, KeysConfig config) {
        this.service = new WorkspaceUpdateService(clients.databricks()::account, clients.databricks()::workspace, config, Clock.systemUTC());
    }

    @Override
    protected StatusPoll handle(WorkspaceUpdate state) {
        return service.poll(state);
    }
}
