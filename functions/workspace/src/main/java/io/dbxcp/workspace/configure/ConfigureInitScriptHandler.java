package io.dbxcp.workspace.configure;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import java.util.List;

/** State ConfigureInitScript of provision-workspace: the global init script that writes core-site.xml for SSE-KMS on the root bucket. See {@link InitScriptService}. */
public final class ConfigureInitScriptHandler extends StepHandler<List<Ref>> {
    private final InitScriptService service;

    public ConfigureInitScriptHandler() {
        this(new InitScriptService(WorkspaceClients.fromEnv().databricks()));
    }

    ConfigureInitScriptHandler(InitScriptService service) {
        this.service = service;
    }

    @Override
    protected List<Ref> handle(ProvisionState state) {
        return service.configure(state);
    }
}
