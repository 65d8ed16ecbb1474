package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Clusters ({@code /api/2.1/clusters}), instance pools ({@code /api/2.0/instance-pools}), SQL warehouses ({@code /api/2.0/sql/warehouses}). */
public final class ComputeRoutes implements Router.Routes {
  private final ComputeService service;

  public ComputeRoutes(ComputeService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String cl = "workspace.clusters";
    for (String v : new String[] {"2.0", "2.1"}) {
      String p = "/api/" + v + "/clusters/";
      r.add("POST", p + "create", cl, Access.WORKSPACE, c -> service.createCluster(c.get(Caller.class), c.body(), c.now()));
      r.add("GET", p + "get", cl, Access.WORKSPACE, c -> service.getCluster(c.get(Caller.class), c.requiredQuery("cluster_id")));
      r.add("GET", p + "list", cl, Access.WORKSPACE, c -> service.listClusters(c.get(Caller.class)));
      r.add("POST", p + "delete", cl, Access.WORKSPACE, c -> {
        service.terminateCluster(c.get(Caller.class), c.body(), c.now());
        return null;
      });
      r.add("POST", p + "start", cl, Access.WORKSPACE, c -> {
        service.startCluster(c.get(Caller.class), c.body(), c.now());
        return null;
      });
      r.add("POST", p + "permanent-delete", cl, Access.WORKSPACE, c -> {
        service.permanentDeleteCluster(c.get(Caller.class), c.body());
        return null;
      });
    }

    String ip = "workspace.instance-pools";
    String p = "/api/2.0/instance-pools/";
    r.add("POST", p + "create", ip, Access.WORKSPACE, c -> service.createPool(c.get(Caller.class), c.body()));
    r.add("GET", p + "get", ip, Access.WORKSPACE, c -> service.getPool(c.get(Caller.class), c.requiredQuery("instance_pool_id")));
    r.add("GET", p + "list", ip, Access.WORKSPACE, c -> service.listPools(c.get(Caller.class)));
    r.add("POST", p + "delete", ip, Access.WORKSPACE, c -> {
      service.deletePool(c.get(Caller.class), c.body());
      return null;
    });

    String wh = "workspace.sql-warehouses";
    String w = "/api/2.0/sql/warehouses";
    r.add("POST", w, wh, Access.WORKSPACE, c -> service.createWarehouse(c.get(Caller.class), c.body(), c.now()));
    r.add("GET", w, wh, Access.WORKSPACE, c -> service.listWarehouses(c.get(Caller.class)));
    r.add("GET", w + "/{id}", wh, Access.WORKSPACE, c -> service.getWarehouse(c.get(Caller.class), c.param("id")));
    r.add("DELETE", w + "/{id}", wh, Access.WORKSPACE, c -> {
      service.deleteWarehouse(c.get(Caller.class), c.param("id"));
      return null;
    });
    r.add("POST", w + "/{id}/stop", wh, Access.WORKSPACE, c -> {
      service.stopWarehouse(c.get(Caller.class), c.param("id"));
      return null;
    });
    r.add("POST", w + "/{id}/start", wh, Access.WORKSPACE, c -> {
      service.startWarehouse(c.get(Caller.class), c.param("id"), c.now());
      return null;
    });
  }
}
