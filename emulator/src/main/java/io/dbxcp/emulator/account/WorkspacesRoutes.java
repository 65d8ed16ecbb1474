package io.dbxcp.emulator.account;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Workspaces: {@code A/workspaces}, PATCH with {@code ?update_mask=}. */
public final class WorkspacesRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/workspaces";
  private static final String ONE = BASE + "/{workspace_id}";
  private final WorkspaceService service;

  public WorkspacesRoutes(WorkspaceService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "account.workspaces";
    r.add("POST", BASE, f, Access.ACCOUNT, c -> service.create(c.get(Caller.class), c.body(), c.now()));
    r.add("GET", BASE, f, Access.ACCOUNT, c -> service.list(c.param("account_id")));
    r.add("GET", ONE, f, Access.ACCOUNT, c -> service.get(c.param("account_id"), c.longParam("workspace_id")));
    r.add(
        "PATCH",
        ONE,
        f,
        Access.ACCOUNT,
        c -> service.update(c.param("account_id"), c.longParam("workspace_id"), c.query("update_mask"), c.body(), c.now()));
    r.add("DELETE", ONE, f, Access.ACCOUNT, c -> service.delete(c.param("account_id"), c.longParam("workspace_id")));
  }
}
