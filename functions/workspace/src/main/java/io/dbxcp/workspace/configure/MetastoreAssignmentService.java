package io.dbxcp.workspace.configure;

import io.dbxcp.common.databricks.DatabricksErrors;
import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.AccountsUpdateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.MetastoreAssignment;
import com.databricks.sdk.service.catalog.UpdateMetastoreAssignment;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4g: the metastore of {@code configure.metastore}. For UNITY_CATALOG the workspace's current
 * assignment is read ({@code GET A/workspaces/{id}/metastore}):
 *
 * <ul>
 *   <li>none: the workspace is assigned ({@code POST A/workspaces/{id}/metastores/{metastore_id}}
 *       with {@code default_catalog_name}; PUT only updates an existing assignment);
 *   <li>the requested metastore: reused; if its default catalog differs it is set with PUT;
 *   <li>another metastore (e.g. the region's metastore Databricks assigns automatically):
 *       {@link ResourceConflictException}; a workspace has one metastore and moving it is not done
 *       silently.
 * </ul>
 * GLUE and HIVE need no call (the Glue settings are in the cluster policies): empty list. Ref:
 * {@code metastore-assignment}, id the metastore id, name the default catalog.
 */
public final class MetastoreAssignmentService {
    private static final Logger LOG = LoggerFactory.getLogger(MetastoreAssignmentService.class);

    private final DatabricksClients clients;

    public MetastoreAssignmentService(DatabricksClients clients) {
        this.clients = clients;
    }

    public List<Ref> assign(ProvisionState state) {
        WorkspaceRequest request = state.request().withDefaults();
        WorkspaceRequest.Metastore asked = request.configure() == null ? null : request.configure().metastore();
        if (asked == null || !"UNITY_CATALOG".equals(asked.type())) return List.of();
        String metastoreId = asked.metastoreId();
        if (metastoreId == null || metastoreId.isBlank()) {
            throw new InvalidRequestException("configure.metastore.metastoreId", "is required when type is UNITY_CATALOG");
        }
        String catalog = asked.defaultCatalogName();
        long workspaceId = state.workspace().workspaceId();
        AccountClient account = clients.account();
        MetastoreAssignment current;
        try {
            current = DatabricksErrors.call("read the metastore assignment of workspace " + workspaceId,
                    () -> account.metastoreAssignments().get(workspaceId).getMetastoreAssignment());
        } catch (RuntimeException e) {
            if (!DatabricksErrors.isNotFound(e)) throw e;
            current = null;
        }
        if (current == null || current.getMetastoreId() == null) {
            DatabricksErrors.call("assign metastore " + metastoreId + " to workspace " + workspaceId,
                    () -> account.metastoreAssignments().create(new AccountsCreateMetastoreAssignment()
                            .setWorkspaceId(workspaceId)
                            .setMetastoreId(metastoreId)
                            .setMetastoreAssignment(new CreateMetastoreAssignment()
                                    .setMetastoreId(metastoreId)
                                    .setDefaultCatalogName(catalog))));
            LOG.info("metastore {} assigned to workspace {} (default catalog {})", metastoreId, workspaceId, catalog);
            return List.of(Ref.created(Kinds.METASTORE_ASSIGNMENT, metastoreId, catalog));
        }
        if (!metastoreId.equals(current.getMetastoreId())) {
            throw new ResourceConflictException("workspace " + workspaceId + " is assigned to metastore " + current.getMetastoreId()
                    + ", not " + metastoreId + ": unassign it first, or ask for that metastore");
        }
        if (!Objects.equals(catalog, current.getDefaultCatalogName())) {
            DatabricksErrors.call("set the default catalog of workspace " + workspaceId,
                    () -> account.metastoreAssignments().update(new AccountsUpdateMetastoreAssignment()
                            .setWorkspaceId(workspaceId)
                            .setMetastoreId(metastoreId)
                            .setMetastoreAssignment(new UpdateMetastoreAssignment()
                                    .setMetastoreId(metastoreId)
                                    .setDefaultCatalogName(catalog))));
            LOG.info("workspace {}: default catalog set to {} (was {})", workspaceId, catalog, current.getDefaultCatalogName());
        } else {
            LOG.info("workspace {} is already assigned to metastore {}", workspaceId, metastoreId);
        }
        return List.of(Ref.reused(Kinds.METASTORE_ASSIGNMENT, metastoreId, catalog));
    }
}
