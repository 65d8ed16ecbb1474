package io.dbxcp.emulator.workspace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.http.ErrorCode;
import io.dbxcp.emulator.http.Json;
import io.dbxcp.emulator.store.Cluster;
import io.dbxcp.emulator.store.InstancePool;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Warehouse;
import io.dbxcp.emulator.store.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Clusters, instance pools and SQL warehouses. Their only life here is to exist and to count as
 * running compute in the workspace's subnets, which blocks a workspace PATCH: a cluster while
 * PENDING or RUNNING, a pool with idle instances, a classic warehouse while STARTING or RUNNING.
 */
public final class ComputeService {
  private final Store store;

  public ComputeService(Store store) {
    this.store = store;
  }

  // ---------------------------------------------------------------- clusters

  public Map<String, Object> createCluster(Caller caller, Body b, Instant now) {
    Workspace w = caller.workspace();
    b.required("spark_version");
    if (!b.has("node_type_id") && !b.has("instance_pool_id") && !b.has("policy_id")) {
      throw ApiException.invalidParameter("Missing required field: node_type_id or instance_pool_id");
    }
    if (b.has("instance_pool_id") && !w.data.pools.containsKey(b.string("instance_pool_id"))) {
      throw ApiException.invalidParameter("Instance pool " + b.string("instance_pool_id") + " does not exist.");
    }
    if (b.has("policy_id") && !w.data.policies.containsKey(b.string("policy_id"))) {
      throw ApiException.invalidParameter("Cluster policy " + b.string("policy_id") + " does not exist.");
    }
    checkInstanceProfile(w, b.child("aws_attributes").string("instance_profile_arn"));
    Cluster c = newCluster(w, b.object(), caller.userName(), "API", now);
    return Map.of("cluster_id", c.clusterId);
  }

  static void checkInstanceProfile(Workspace w, String arn) {
    if (arn != null && !InstanceProfilesService.registered(w, arn)) {
      throw ApiException.invalidParameter(
          "Instance profile " + arn + " is not registered in this workspace: add it with /api/2.0/instance-profiles/add.");
    }
  }

  /** A cluster that starts now (PENDING, RUNNING after the cluster start time). */
  public Cluster newCluster(Workspace w, ObjectNode spec, String creator, String source, Instant now) {
    Cluster c = new Cluster();
    c.clusterId = store.ids.clusterId(now);
    c.spec = spec;
    c.creatorUserName = creator;
    c.clusterSource = source;
    c.startTime = now.toEpochMilli();
    c.state = "PENDING";
    c.stateMessage = "Finding instances for new nodes, acquiring more instances if necessary";
    c.readyAt = now.plus(store.knobs.clusterStartTime);
    w.data.clusters.put(c.clusterId, c);
    return c;
  }

  public ObjectNode getCluster(Caller caller, String id) {
    return view(cluster(caller.workspace(), id));
  }

  public Map<String, Object> listClusters(Caller caller) {
    List<ObjectNode> out = new ArrayList<>();
    caller.workspace().data.clusters.values().forEach(c -> out.add(view(c)));
    return Map.of("clusters", out);
  }

  public void terminateCluster(Caller caller, Body b, Instant now) {
    Cluster c = cluster(caller.workspace(), b.required("cluster_id"));
    if (!"TERMINATED".equals(c.state)) {
      c.state = "TERMINATED";
      c.stateMessage = "Termination requested by " + caller.userName();
      c.terminatedTime = now.toEpochMilli();
      c.readyAt = null;
    }
  }

  public void startCluster(Caller caller, Body b, Instant now) {
    Cluster c = cluster(caller.workspace(), b.required("cluster_id"));
    if (!"TERMINATED".equals(c.state)) {
      throw ApiException.invalidState("Cluster " + c.clusterId + " is in unexpected state " + c.state + ".");
    }
    c.state = "PENDING";
    c.stateMessage = "Starting Spark";
    c.terminatedTime = null;
    c.startTime = now.toEpochMilli();
    c.readyAt = now.plus(store.knobs.clusterStartTime);
  }

  public void permanentDeleteCluster(Caller caller, Body b) {
    Cluster c = cluster(caller.workspace(), b.required("cluster_id"));
    caller.workspace().data.clusters.remove(c.clusterId);
  }

  /** An unknown cluster is 400 INVALID_PARAMETER_VALUE, as Databricks answers (the SDK maps it to ResourceDoesNotExist). */
  private static Cluster cluster(Workspace w, String id) {
    Cluster c = w.data.clusters.get(id);
    if (c == null) {
      throw ApiException.invalidParameter("Cluster " + id + " does not exist");
    }
    return c;
  }

  private static ObjectNode view(Cluster c) {
    ObjectNode n = c.spec.deepCopy();
    n.put("cluster_id", c.clusterId);
    n.put("state", c.state);
    n.put("state_message", c.stateMessage);
    n.put("creator_user_name", c.creatorUserName);
    n.put("cluster_source", c.clusterSource);
    n.put("start_time", c.startTime);
    if (c.terminatedTime != null) {
      n.put("terminated_time", c.terminatedTime);
    }
    ObjectNode tags = n.putObject("default_tags");
    tags.put("Vendor", "Databricks");
    tags.put("Creator", c.creatorUserName);
    tags.put("ClusterName", c.spec.path("cluster_name").asText(""));
    tags.put("ClusterId", c.clusterId);
    return n;
  }

  // ---------------------------------------------------------------- instance pools

  public Map<String, Object> createPool(Caller caller, Body b) {
    Workspace w = caller.workspace();
    String name = b.required("instance_pool_name");
    b.required("node_type_id");
    for (InstancePool p : w.data.pools.values()) {
      if (p.spec.path("instance_pool_name").asText().equals(name)) {
        throw ApiException.alreadyExists("Instance pool with name " + name + " already exists.");
      }
    }
    InstancePool p = newPool(w, b.object());
    return Map.of("instance_pool_id", p.instancePoolId);
  }

  public InstancePool newPool(Workspace w, ObjectNode spec) {
    InstancePool p = new InstancePool();
    p.instancePoolId = store.ids.clusterId(store.now()) + "-pool-" + store.ids.alnum(8);
    p.spec = spec;
    w.data.pools.put(p.instancePoolId, p);
    return p;
  }

  public ObjectNode getPool(Caller caller, String id) {
    return view(pool(caller.workspace(), id));
  }

  public Map<String, Object> listPools(Caller caller) {
    List<ObjectNode> out = new ArrayList<>();
    caller.workspace().data.pools.values().forEach(p -> out.add(view(p)));
    return Map.of("instance_pools", out);
  }

  public void deletePool(Caller caller, Body b) {
    InstancePool p = pool(caller.workspace(), b.required("instance_pool_id"));
    caller.workspace().data.pools.remove(p.instancePoolId);
  }

  private static InstancePool pool(Workspace w, String id) {
    InstancePool p = w.data.pools.get(id);
    if (p == null) {
      throw ApiException.doesNotExist("Can't find an instance pool with id: " + id + ".");
    }
    return p;
  }

  private static ObjectNode view(InstancePool p) {
    ObjectNode n = p.spec.deepCopy();
    n.put("instance_pool_id", p.instancePoolId);
    n.put("state", p.state);
    long idle = p.spec.path("min_idle_instances").asLong(0);
    ObjectNode stats = n.putObject("stats");
    stats.put("idle_count", idle);
    stats.put("used_count", 0);
    stats.put("pending_idle_count", 0);
    stats.put("pending_used_count", 0);
    return n;
  }

  // ---------------------------------------------------------------- SQL warehouses

  public Map<String, Object> createWarehouse(Caller caller, Body b, Instant now) {
    Workspace w = caller.workspace();
    String name = b.required("name");
    for (Warehouse wh : w.data.warehouses.values()) {
      if (wh.spec.path("name").asText().equals(name)) {
        throw ApiException.alreadyExists("SQL warehouse with name '" + name + "' already exists.");
      }
    }
    if (!b.has("cluster_size")) {
      throw ApiException.missing("cluster_size");
    }
    checkInstanceProfile(w, b.string("instance_profile_arn"));
    Warehouse wh = newWarehouse(w, b.object(), caller.userName(), now);
    return Map.of("id", wh.id);
  }

  public Warehouse newWarehouse(Workspace w, ObjectNode spec, String creator, Instant now) {
    Warehouse wh = new Warehouse();
    wh.id = store.ids.hex(16);
    wh.spec = spec;
    wh.creatorName = creator;
    wh.state = "STARTING";
    wh.readyAt = now.plus(store.knobs.warehouseStartTime);
    w.data.warehouses.put(wh.id, wh);
    return wh;
  }

  public ObjectNode getWarehouse(Caller caller, String id) {
    return view(caller.workspace(), warehouse(caller.workspace(), id));
  }

  public Map<String, Object> listWarehouses(Caller caller) {
    List<ObjectNode> out = new ArrayList<>();
    Workspace w = caller.workspace();
    w.data.warehouses.values().forEach(wh -> out.add(view(w, wh)));
    return Map.of("warehouses", out);
  }

  public void deleteWarehouse(Caller caller, String id) {
    Warehouse wh = warehouse(caller.workspace(), id);
    caller.workspace().data.warehouses.remove(wh.id);
  }

  public void stopWarehouse(Caller caller, String id) {
    Warehouse wh = warehouse(caller.workspace(), id);
    wh.state = "STOPPED";
    wh.readyAt = null;
  }

  public void startWarehouse(Caller caller, String id, Instant now) {
    Warehouse wh = warehouse(caller.workspace(), id);
    if (!"RUNNING".equals(wh.state) && !"STARTING".equals(wh.state)) {
      wh.state = "STARTING";
      wh.readyAt = now.plus(store.knobs.warehouseStartTime);
    }
  }

  private static Warehouse warehouse(Workspace w, String id) {
    Warehouse wh = w.data.warehouses.get(id);
    if (wh == null) {
      throw ApiException.of(ErrorCode.RESOURCE_DOES_NOT_EXIST, "SQL warehouse " + id + " does not exist.");
    }
    return wh;
  }

  private static ObjectNode view(Workspace w, Warehouse wh) {
    ObjectNode n = wh.spec.deepCopy();
    n.put("id", wh.id);
    n.put("state", wh.state);
    n.put("creator_name", wh.creatorName);
    n.put("num_clusters", "RUNNING".equals(wh.state) ? 1 : 0);
    n.put("num_active_sessions", 0);
    n.put("jdbc_url", "jdbc:spark://" + w.deploymentName + ".cloud.databricks.com:443/default;transportMode=http;ssl=1;AuthMech=3;httpPath=/sql/1.0/warehouses/" + wh.id + ";");
    n.set("health", Json.tree(Map.of("status", "HEALTHY")));
    if (!n.has("warehouse_type")) {
      n.put("warehouse_type", n.path("enable_serverless_compute").asBoolean(false) ? "PRO" : "CLASSIC");
    }
    return n;
  }

  /** Stops everything that runs in a workspace (a scenario helper). */
  public void stopAll(Workspace w, Instant now) {
    for (Cluster c : w.data.clusters.values()) {
      if (c.isRunningCompute()) {
        c.state = "TERMINATED";
        c.stateMessage = "Terminated by the emulator control API";
        c.terminatedTime = now.toEpochMilli();
        c.readyAt = null;
      }
    }
    w.data.pools.values().forEach(p -> p.spec.put("min_idle_instances", 0));
    for (Warehouse wh : w.data.warehouses.values()) {
      if (wh.isRunningCompute()) {
        wh.state = "STOPPED";
      }
    }
  }

  /** Starts running compute of a kind (cluster, pool, warehouse) without going through the API. */
  public String startCompute(Workspace w, String kind, String name, Instant now) {
    String n = name == null ? "emulator-" + kind.toLowerCase(Locale.ROOT) : name;
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "cluster" -> {
        ObjectNode spec = Json.object().put("cluster_name", n).put("spark_version", "15.4.x-scala2.12").put("node_type_id", "i3.xlarge").put("num_workers", 1);
        Cluster c = newCluster(w, spec, "emulator", "UI", now);
        c.state = "RUNNING";
        c.stateMessage = "";
        yield c.clusterId;
      }
      case "pool" -> newPool(w, Json.object().put("instance_pool_name", n).put("node_type_id", "i3.xlarge").put("min_idle_instances", 1)).instancePoolId;
      case "warehouse" -> {
        Warehouse wh = newWarehouse(w, Json.object().put("name", n).put("cluster_size", "2X-Small").put("enable_serverless_compute", false), "emulator", now);
        wh.state = "RUNNING";
        yield wh.id;
      }
      default -> throw ApiException.invalidParameter("Unknown compute kind " + kind + ": expected cluster, pool or warehouse");
    };
  }
}
