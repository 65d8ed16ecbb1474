package io.dbxcp.keys.update;

import static io.dbxcp.common.databricks.DatabricksErrors.call;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.InstancePoolAndStats;
import com.databricks.sdk.service.compute.InstancePoolStats;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.sql.EndpointInfo;
import com.databricks.sdk.service.sql.ListWarehousesRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The classic compute that runs EC2 instances in a workspace's VPC, which keeps Databricks from
 * updating the workspace ("Please terminate all pool &amp; cluster EC2 instances in your workspace
 * subnets before attempting to update the workspace."): clusters that are not terminated (job
 * clusters included: they are in the cluster list), instance pools that hold instances (idle,
 * used or pending), and SQL warehouses that are not serverless while they start, run or stop.
 * Serverless compute does not run in the workspace's VPC and does not count.
 */
public final class RunningCompute {
    private static final Set<State> CLUSTER_STATES = EnumSet.of(State.PENDING, State.RUNNING, State.RESIZING, State.RESTARTING,
            State.TERMINATING);
    private static final Set<com.databricks.sdk.service.sql.State> WAREHOUSE_STATES = EnumSet.of(
            com.databricks.sdk.service.sql.State.STARTING, com.databricks.sdk.service.sql.State.RUNNING,
            com.databricks.sdk.service.sql.State.STOPPING);

    private RunningCompute() {}

    /** What runs, one line each: {@code cluster <id> '<name>' (RUNNING)}. */
    public static List<String> of(WorkspaceClient ws, long workspaceId) {
        List<String> out = new ArrayList<>();
        for (ClusterDetails c : call("list clusters of workspace " + workspaceId,
                () -> list(ws.clusters().list(new ListClustersRequest())))) {
            if (c.getState() != null && CLUSTER_STATES.contains(c.getState())) {
                out.add("cluster " + c.getClusterId() + named(c.getClusterName()) + " (" + c.getState() + ")");
            }
        }
        for (InstancePoolAndStats p : call("list instance pools of workspace " + workspaceId, () -> list(ws.instancePools().list()))) {
            long instances = instances(p);
            if (instances > 0) {
                out.add("instance pool " + p.getInstancePoolId() + named(p.getInstancePoolName()) + " (" + instances + " instance(s))");
            }
        }
        for (EndpointInfo w : call("list SQL warehouses of workspace " + workspaceId,
                () -> list(ws.warehouses().list(new ListWarehousesRequest())))) {
            if (!Boolean.TRUE.equals(w.getEnableServerlessCompute()) && w.getState() != null && WAREHOUSE_STATES.contains(w.getState())) {
                out.add("SQL warehouse " + w.getId() + named(w.getName()) + " (" + w.getState() + ")");
            }
        }
        return out;
    }

    private static long instances(InstancePoolAndStats p) {
        InstancePoolStats s = p.getStats();
        long fromStats = s == null ? 0 : n(s.getIdleCount()) + n(s.getUsedCount()) + n(s.getPendingIdleCount()) + n(s.getPendingUsedCount());
        return Math.max(fromStats, n(p.getMinIdleInstances()));
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static String named(String name) {
        return name == null || name.isBlank() ? "" : " '" + name + "'";
    }

    private static <T> List<T> list(Iterable<T> items) {
        return items == null ? List.of() : StreamSupport.stream(items.spliterator(), false).toList();
    }
}
