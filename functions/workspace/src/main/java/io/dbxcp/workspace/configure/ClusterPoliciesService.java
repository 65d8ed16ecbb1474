package io.dbxcp.workspace.configure;

import io.dbxcp.common.databricks.DatabricksErrors;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.compute.Policy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.common.json.Json;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.ClusterPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4a: one cluster policy per {@code configure.clusterPolicies} entry, defined by
 * {@link PolicyDefinition}. Looked up by name first (Databricks keeps names unique, ignoring case):
 *
 * <ul>
 *   <li>none: created, with a description that marks it as managed by dbxcp;
 *   <li>same definition (compared as JSON, not as text): reused as it is;
 *   <li>different definition and marked as managed by dbxcp: edited to the requested definition (a
 *       request is the source of truth of the policies it names); reported as reused, because this
 *       run did not create it and compensation must not delete it;
 *   <li>different definition and not marked (someone else's policy, or a Databricks default one):
 *       {@link ResourceConflictException}; nothing is changed.
 * </ul>
 */
public final class ClusterPoliciesService {
    static final String MANAGED_MARK = "Managed by dbxcp";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterPoliciesService.class);

    private final DatabricksClients clients;

    public ClusterPoliciesService(DatabricksClients clients) {
        this.clients = clients;
    }

    public List<Ref> configure(ProvisionState state) {
        WorkspaceRequest request = state.request().withDefaults();
        List<ClusterPolicy> asked = request.configure() == null ? null : request.configure().clusterPolicies();
        if (asked == null || asked.isEmpty()) return List.of();
        validate(asked);
        WorkspaceClient ws = clients.workspace(state.workspace().workspaceId(), state.workspace().deploymentName());
        List<Policy> existing = list(ws);
        List<Ref> refs = new ArrayList<>();
        for (ClusterPolicy p : asked) {
            refs.add(ensure(ws, existing, p, PolicyDefinition.of(p, request), request.workspaceName()));
        }
        return refs;
    }

    private Ref ensure(WorkspaceClient ws, List<Policy> existing, ClusterPolicy p, ObjectNode definition, String workspaceName) {
        Optional<Policy> found = byName(existing, p.name());
        if (found.isEmpty()) {
            try {
                String id = DatabricksErrors.call("create cluster policy " + p.name(), () -> ws.clusterPolicies().create(new CreatePolicy()
                        .setName(p.name())
                        .setDefinition(Json.write(definition))
                        .setDescription(description(workspaceName))).getPolicyId());
                LOG.info("cluster policy '{}' created: {}", p.name(), id);
                return Ref.created(Kinds.CLUSTER_POLICY, id, p.name());
            } catch (RuntimeException e) {
                if (!DatabricksErrors.isConflict(e)) throw e;
                // made meanwhile (or by an earlier attempt of this create that the SDK retried): judge it as found
                found = byName(list(ws), p.name());
                if (found.isEmpty()) throw e;
            }
        }
        Policy current = found.get();
        if (sameDefinition(current.getDefinition(), definition)) {
            LOG.info("cluster policy '{}' reused: {}", p.name(), current.getPolicyId());
            return Ref.reused(Kinds.CLUSTER_POLICY, current.getPolicyId(), current.getName());
        }
        if (current.getDescription() == null || !current.getDescription().startsWith(MANAGED_MARK)) {
            throw new ResourceConflictException("cluster policy '" + current.getName() + "' (" + current.getPolicyId()
                    + ") exists with another definition and was not made by dbxcp: rename the policy in the request,"
                    + " or rename or delete the existing one");
        }
        DatabricksErrors.run("edit cluster policy " + p.name(), () -> ws.clusterPolicies().edit(new EditPolicy()
                .setPolicyId(current.getPolicyId())
                .setName(current.getName())
                .setDefinition(Json.write(definition))
                .setDescription(description(workspaceName))));
        LOG.info("cluster policy '{}' updated to the requested definition: {}", p.name(), current.getPolicyId());
        return Ref.reused(Kinds.CLUSTER_POLICY, current.getPolicyId(), current.getName());
    }

    static String description(String workspaceName) {
        return MANAGED_MARK + " for workspace " + workspaceName + ": edits are replaced by the next provision-workspace run.";
    }

    private static List<Policy> list(WorkspaceClient ws) {
        return DatabricksErrors.call("list cluster policies", () -> StreamSupport
                .stream(ws.clusterPolicies().list(new ListClusterPoliciesRequest()).spliterator(), false).toList());
    }

    private static Optional<Policy> byName(List<Policy> policies, String name) {
        return policies.stream().filter(x -> x.getName() != null && x.getName().equalsIgnoreCase(name)).findFirst();
    }

    private static boolean sameDefinition(String current, JsonNode wanted) {
        if (current == null) return false;
        try {
            return Json.read(current).equals(wanted);
        } catch (IllegalArgumentException notJson) {
            return false;
        }
    }

    private static void validate(List<ClusterPolicy> asked) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            ClusterPolicy p = asked.get(i);
            String field = "configure.clusterPolicies[" + i + "]";
            if (!names.add(p.name().toLowerCase(Locale.ROOT))) {
                throw new InvalidRequestException(field + ".name", "'" + p.name() + "' is named twice (policy names ignore case)");
            }
            if (p.minWorkers() > p.maxWorkers()) {
                throw new InvalidRequestException(field + ".minWorkers", "must not exceed maxWorkers (" + p.maxWorkers() + ")");
            }
        }
    }
}
