package io.dbxcp.workspace.provision;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;


/** State CreateWorkspace: creates the workspace, or adopts one of that name that matches the request. */
public final class CreateWorkspaceHandler extends StepHandler<ProvisionState.WorkspaceRef> {
    private final WorkspaceService service;

    public CreateWorkspaceHandler() {
        this(WorkspaceClients.fromEnv());
    }

    CreateWorkspaceHandler(WorkspaceClients clients) {
        this.service = new WorkspaceService(clients.databricks()::account, clients.databricks()::workspace, clients.databricks().settings().host());
    }

    @Override
    protected ProvisionState.WorkspaceRef handle(ProvisionState state) {
        return service.create(state);
    }
}
