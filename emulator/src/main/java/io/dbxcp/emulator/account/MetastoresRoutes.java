package io.dbxcp.emulator.account;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;
import java.util.Map;

/** Account metastores ({@code A/metastores}) and their workspace assignments. */
public final class MetastoresRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/metastores";
  private static final String ONE = BASE + "/{metastore_id}";
  private static final String ASSIGNMENT = "/api/2.0/accounts/{account_id}/workspaces/{workspace_id}/metastores/{metastore_id}";
  private final MetastoreService service;

  public MetastoresRoutes(MetastoreService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "account.metastores";
    r.add("POST", BASE, f, Access.ACCOUNT, c -> Map.of("metastore_info", service.create(c.get(Caller.class), c.body(), c.now())));
    r.add("GET", BASE, f, Access.ACCOUNT, c -> Map.of("metastores", service.list(c.param("account_id"))));
    r.add("GET", ONE, f, Access.ACCOUNT, c -> Map.of("metastore_info", service.get(c.param("account_id"), c.param("metastore_id"))));
    r.add(
        "PUT",
        ONE,
        f,
        Access.ACCOUNT,
        c -> Map.of("metastore_info", service.update(c.get(Caller.class), c.param("metastore_id"), c.body(), c.now())));
    r.add(
        "DELETE",
        ONE,
        f,
        Access.ACCOUNT,
        c -> {
          service.delete(c.param("account_id"), c.param("metastore_id"), c.queryBool("force"));
          return null;
        });
    String a = "account.metastore-assignment";
    r.add(
        "POST",
        ASSIGNMENT,
        a,
        Access.ACCOUNT,
        c -> {
          service.assign(c.param("account_id"), c.longParam("workspace_id"), c.param("metastore_id"), c.body(), false);
          return null;
        });
    r.add(
        "PUT",
        ASSIGNMENT,
        a,
        Access.ACCOUNT,
        c -> {
          service.assign(c.param("account_id"), c.longParam("workspace_id"), c.param("metastore_id"), c.body(), true);
          return null;
        });
    r.add(
        "DELETE",
        ASSIGNMENT,
        a,
        Access.ACCOUNT,
        c -> {
          service.unassign(c.param("account_id"), c.longParam("workspace_id"), c.param("metastore_id"));
          return null;
        });
    r.add(
        "GET",
        "/api/2.0/accounts/{account_id}/workspaces/{workspace_id}/metastore",
        a,
        Access.ACCOUNT,
        c -> service.assignment(c.param("account_id"), c.longParam("workspace_id")));
    r.add(
        "GET",
        ONE + "/workspaces",
        a,
        Access.ACCOUNT,
        c -> Map.of("workspace_ids", service.workspacesOf(service.get(c.param("account_id"), c.param("metastore_id")))));
  }
}
