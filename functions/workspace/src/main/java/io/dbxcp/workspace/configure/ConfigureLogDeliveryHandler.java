package io.dbxcp.workspace.configure;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import java.util.List;

/** State ConfigureLogDelivery of provision-workspace: billable usage and audit log delivery for the workspace. See {@link LogDeliveryService}. */
public final class ConfigureLogDeliveryHandler extends StepHandler<List<Ref>> {
    private final LogDeliveryService service;

    public ConfigureLogDeliveryHandler() {
        this(new LogDeliveryService(WorkspaceClients.fromEnv().databricks()));
    }

    ConfigureLogDeliveryHandler(LogDeliveryService service) {
        this.service = service;
    }

    @Override
    protected List<Ref> handle(ProvisionState state) {
        return service.configure(state);
    }
}
