package io.dbxcp.workspace.register;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import java.util.List;

/** State RegisterKeys: a customer-managed key configuration per key of the request, with its use case. */
public final class RegisterKeysHandler extends StepHandler<List<Ref>> {
    private final RegistrationService service;

    public RegisterKeysHandler() {
        this(WorkspaceClients.fromEnv());
    }

    RegisterKeysHandler(WorkspaceClients clients) {
        this.service = new RegistrationService(clients.databricks()::account);
    }

    @Override
    protected List<Ref> handle(ProvisionState state) {
        return service.keys(state.request().withDefaults(), state.since());
    }
}
