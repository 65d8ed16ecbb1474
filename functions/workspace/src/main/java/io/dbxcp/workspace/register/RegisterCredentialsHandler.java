package io.dbxcp.workspace.register;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;

/** State RegisterCredentials: the cross-account role as Databricks credentials (retried by the state machine through IAM eventual consistency). */
public final class RegisterCredentialsHandler extends StepHandler<Ref> {
    private final RegistrationService service;

    public RegisterCredentialsHandler() {
        this(WorkspaceClients.fromEnv());
    }

    RegisterCredentialsHandler(WorkspaceClients clients) {
        this.service = new RegistrationService(clients.databricks()::account);
    }

    @Override
    protected Ref handle(ProvisionState state) {
        return service.credentials(state.request().withDefaults(), state.since());
    }
}
