package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Reply;
import io.dbxcp.emulator.http.Router;

/** Workspace SCIM: {@code /api/2.0/preview/scim/v2/ServicePrincipals} and {@code /Me}. */
public final class WorkspaceScimRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/preview/scim/v2/ServicePrincipals";
  private final WorkspaceScimService service;

  public WorkspaceScimRoutes(WorkspaceScimService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "workspace.scim";
    r.add("GET", "/api/2.0/preview/scim/v2/Me", f, Access.WORKSPACE, c -> service.me(c.get(Caller.class)));
    r.add(
        "GET",
        BASE,
        f,
        Access.WORKSPACE,
        c -> service.list(c.get(Caller.class), c.query("filter"), c.queryLong("startIndex"), c.queryLong("count")));
    r.add("POST", BASE, f, Access.WORKSPACE, c -> Reply.json(201, service.create(c.get(Caller.class), c.body())));
    r.add("GET", BASE + "/{id}", f, Access.WORKSPACE, c -> service.get(c.get(Caller.class), c.param("id")));
    r.add("PUT", BASE + "/{id}", f, Access.WORKSPACE, c -> service.replace(c.get(Caller.class), c.param("id"), c.body()));
    r.add(
        "PATCH",
        BASE + "/{id}",
        f,
        Access.WORKSPACE,
        c -> {
          service.patch(c.get(Caller.class), c.param("id"), c.body());
          return Reply.json(204, null);
        });
    r.add(
        "DELETE",
        BASE + "/{id}",
        f,
        Access.WORKSPACE,
        c -> {
          service.delete(c.get(Caller.class), c.param("id"));
          return Reply.json(204, null);
        });
  }
}
