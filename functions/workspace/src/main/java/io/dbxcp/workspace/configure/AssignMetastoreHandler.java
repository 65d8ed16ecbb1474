package io.dbxcp.workspace.configure;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import java.util.List;

/** State AssignMetastore of provision-workspace: the Unity Catalog metastore assignment (nothing for Glue or Hive). See {@link MetastoreAssignmentService}. */
public final class AssignMetastoreHandler extends StepHandler<List<Ref>> {
    private final MetastoreAssignmentService service;

    public AssignMetastoreHandler() {
        this(new MetastoreAssignmentService(WorkspaceClients.fromEnv().databricks()));
    }

    AssignMetastoreHandler(MetastoreAssignmentService service) {
        this.service = service;
    }

    @Override
    protected List<Ref> handle(ProvisionState state) {
        return service.assign(state);
    }
}
