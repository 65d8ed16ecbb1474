package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Reply;
import io.dbxcp.emulator.http.Router;

/** Account SCIM groups: {@code A/scim/v2/Groups}; PATCH with SCIM PatchOp operations. */
public final class GroupsRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/scim/v2/Groups";
  private static final String ONE = BASE + "/{id}";
  private final IdentityService service;

  public GroupsRoutes(IdentityService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "account.scim";
    r.add("POST", BASE, f, Access.ACCOUNT, c -> Reply.json(201, service.createGroup(c.param("account_id"), c.body())));
    r.add(
        "GET",
        BASE,
        f,
        Access.ACCOUNT,
        c -> service.listGroups(c.param("account_id"), c.query("filter"), c.queryLong("startIndex"), service.cappedCount(c.queryLong("count"))));
    r.add("GET", ONE, f, Access.ACCOUNT, c -> service.group(c.param("account_id"), c.param("id")));
    r.add("PUT", ONE, f, Access.ACCOUNT, c -> service.replaceGroup(c.param("account_id"), c.param("id"), c.body()));
    r.add(
        "PATCH",
        ONE,
        f,
        Access.ACCOUNT,
        c -> {
          service.patchGroup(c.param("account_id"), c.param("id"), c.body());
          return Reply.json(204, null);
        });
    r.add(
        "DELETE",
        ONE,
        f,
        Access.ACCOUNT,
        c -> {
          service.deleteGroup(c.param("account_id"), c.param("id"));
          return Reply.json(204, null);
        });
  }
}
