package io.dbxcp.workspace.provision;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;


/** State CheckWorkspaceReachable: the workspace's own API answers (retried by the state machine while DNS catches up). */
public final class CheckWorkspaceReachableHandler extends StepHandler<WorkspaceService.Reachability> {
    private final WorkspaceService service;

    public CheckWorkspaceReachableHandler() {
        this(WorkspaceClients.fromEnv());
    }

    CheckWorkspaceReachableHandler(WorkspaceClients clients) {
        this.service = new WorkspaceService(clients.databricks()::account, clients.databricks()::workspace, clients.databricks().settings().host());
    }

    @Override
    protected WorkspaceService.Reachability handle(ProvisionState state) {
        return service.reachable(state);
    }
}
