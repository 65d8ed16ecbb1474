package io.dbxcp.workspace.configure;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import java.util.List;

/** State ConfigureInstanceProfiles of provision-workspace: the instance profiles of configure.instanceProfiles. See {@link InstanceProfilesService}. */
public final class ConfigureInstanceProfilesHandler extends StepHandler<List<Ref>> {
    private final InstanceProfilesService service;

    public ConfigureInstanceProfilesHandler() {
        this(new InstanceProfilesService(WorkspaceClients.fromEnv().databricks()));
    }

    ConfigureInstanceProfilesHandler(InstanceProfilesService service) {
        this.service = service;
    }

    @Override
    protected List<Ref> handle(ProvisionState state) {
        return service.configure(state);
    }
}
