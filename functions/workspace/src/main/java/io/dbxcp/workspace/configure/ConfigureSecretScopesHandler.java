package io.dbxcp.workspace.configure;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import java.util.List;

/** State ConfigureSecretScopes of provision-workspace: the secret scopes of configure.secretScopes and their ACLs. See {@link SecretScopesService}. */
public final class ConfigureSecretScopesHandler extends StepHandler<List<Ref>> {
    private final SecretScopesService service;

    public ConfigureSecretScopesHandler() {
        this(new SecretScopesService(WorkspaceClients.fromEnv().databricks()));
    }

    ConfigureSecretScopesHandler(SecretScopesService service) {
        this.service = service;
    }

    @Override
    protected List<Ref> handle(ProvisionState state) {
        return service.configure(state);
    }
}
