package io.dbxcp.workspace.provision;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;


/** State GetWorkspaceStatus: one poll of the workspace's status (the state machine waits between polls). */
public final class GetWorkspaceStatusHandler extends StepHandler<ProvisionState.WorkspaceRef> {
    private final WorkspaceService service;

    public GetWorkspaceStatusHandler() {
        this(WorkspaceClients.fromEnv());
    }

    GetWorkspaceStatusHandler(WorkspaceClients clients) {
        this.service = new WorkspaceService(clients.databricks()::account, clients.databricks()::workspace, clients.databricks().settings().host());
    }

    @Override
    protected ProvisionState.WorkspaceRef handle(ProvisionState state) {
        return service.status(state);
    }
}
