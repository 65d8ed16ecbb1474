package io.dbxcp.workspace.register;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;

/** State RegisterStorage: the root bucket as a storage configuration. */
public final class RegisterStorageHandler extends StepHandler<Ref> {
    private final RegistrationService service;

    public RegisterStorageHandler() {
        this(WorkspaceClients.fromEnv());
    }

    RegisterStorageHandler(WorkspaceClients clients) {
        this.service = new RegistrationService(clients.databricks()::account);
    }

    @Override
    protected Ref handle(ProvisionState state) {
        return service.storage(state.request().withDefaults(), state.since());
    }
}
