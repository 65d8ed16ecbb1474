package io.dbxcp.workspace.configure;

import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.WorkspaceClients;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import java.util.List;

/** State ConfigureClusterPolicies of provision-workspace: the cluster policies of configure.clusterPolicies. See {@link ClusterPoliciesService}. */
public final class ConfigureClusterPoliciesHandler extends StepHandler<List<Ref>> {
    private final ClusterPoliciesService service;

    public ConfigureClusterPoliciesHandler() {
        this(new ClusterPoliciesService(WorkspaceClients.fromEnv().databricks()));
    }

    ConfigureClusterPoliciesHandler(ClusterPoliciesService service) {
        this.service = service;
    }

    @Override
    protected List<Ref> handle(ProvisionState state) {
        return service.configure(state);
    }
}
