package io.dbxcp.workspace.register;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;


/** State RegisterNetwork: the customer-managed VPC, and with PrivateLink its VPC endpoints and private access settings (null for a Databricks-managed VPC). */
public final class RegisterNetworkHandler extends StepHandler<ProvisionState.NetworkRefs> {
    private final RegistrationService service;

    public RegisterNetworkHandler() {
        this(WorkspaceClients.fromEnv());
    }

    RegisterNetworkHandler(WorkspaceClients clients) {
        this.service = new RegistrationService(clients.databricks()::account);
    }

    @Override
    protected ProvisionState.NetworkRefs handle(ProvisionState state) {
        return service.network(state.request().withDefaults(), state.since());
    }
}
