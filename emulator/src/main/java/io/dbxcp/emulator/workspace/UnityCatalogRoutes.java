package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Unity Catalog: {@code /api/2.1/unity-catalog/storage-credentials} and {@code /external-locations}. */
public final class UnityCatalogRoutes implements Router.Routes {
  private final UnityCatalogService service;

  public UnityCatalogRoutes(UnityCatalogService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "workspace.unity-catalog";
    String sc = "/api/2.1/unity-catalog/storage-credentials";
    r.add("POST", sc, f, Access.WORKSPACE, c -> service.createCredential(c.get(Caller.class), c.body(), c.now()));
    r.add("GET", sc, f, Access.WORKSPACE, c -> service.listCredentials(c.get(Caller.class)));
    r.add("GET", sc + "/{name}", f, Access.WORKSPACE, c -> service.credential(c.get(Caller.class), c.param("name")));
    r.add("PATCH", sc + "/{name}", f, Access.WORKSPACE, c -> service.updateCredential(c.get(Caller.class), c.param("name"), c.body(), c.now()));
    r.add("DELETE", sc + "/{name}", f, Access.WORKSPACE, c -> {
      service.deleteCredential(c.get(Caller.class), c.param("name"), c.queryBool("force"));
      return null;
    });
    String el = "/api/2.1/unity-catalog/external-locations";
    r.add("POST", el, f, Access.WORKSPACE, c -> service.createLocation(c.get(Caller.class), c.body(), c.now()));
    r.add("GET", el, f, Access.WORKSPACE, c -> service.listLocations(c.get(Caller.class)));
    r.add("GET", el + "/{name}", f, Access.WORKSPACE, c -> service.location(c.get(Caller.class), c.param("name")));
    r.add("PATCH", el + "/{name}", f, Access.WORKSPACE, c -> service.updateLocation(c.get(Caller.class), c.param("name"), c.body(), c.now()));
    r.add("DELETE", el + "/{name}", f, Access.WORKSPACE, c -> {
      service.deleteLocation(c.get(Caller.class), c.param("name"));
      return null;
    });
  }
}
