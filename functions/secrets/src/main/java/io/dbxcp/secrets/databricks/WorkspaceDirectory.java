package io.dbxcp.secrets.databricks;

import com.databricks.sdk.WorkspaceClient;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.DatabricksErrors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Workspace clients by workspace id, authenticated as the account admin. A secret's tags name a
 * workspace by id only; its deployment name (which makes its URL) is read once from the Account API
 * and kept for the life of the function.
 */
public final class WorkspaceDirectory {
    private final DatabricksClients clients;
    private final Map<Long, String> deploymentNames = new ConcurrentHashMap<>();

    public WorkspaceDirectory(DatabricksClients clients) {
        this.clients = clients;
    }

    public WorkspaceClient admin(long workspaceId) {
        String deployment = deploymentNames.computeIfAbsent(workspaceId, id -> DatabricksErrors.call("read workspace " + id,
                () -> clients.account().workspaces().get(id).getDeploymentName()));
        return clients.workspace(workspaceId, deployment);
    }

    public DatabricksClients clients() {
        return clients;
    }
}
