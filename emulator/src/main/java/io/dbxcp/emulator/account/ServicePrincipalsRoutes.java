package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Reply;
import io.dbxcp.emulator.http.Router;

/** Account SCIM service principals: {@code A/scim/v2/ServicePrincipals}, paged by startIndex and count. */
public final class ServicePrincipalsRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/scim/v2/ServicePrincipals";
  private static final String ONE = BASE + "/{id}";
  private final IdentityService service;

  public ServicePrincipalsRoutes(IdentityService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "account.scim";
    r.add("POST", BASE, f, Access.ACCOUNT, c -> Reply.json(201, service.createServicePrincipal(c.param("account_id"), c.body())));
    r.add(
        "GET",
        BASE,
        f,
        Access.ACCOUNT,
        c ->
            service.listServicePrincipals(
                c.param("account_id"), c.query("filter"), c.queryLong("startIndex"), service.cappedCount(c.queryLong("count"))));
    r.add("GET", ONE, f, Access.ACCOUNT, c -> service.view(service.servicePrincipal(c.param("account_id"), c.param("id"))));
    r.add("PUT", ONE, f, Access.ACCOUNT, c -> service.replaceServicePrincipal(c.param("account_id"), c.param("id"), c.body()));
    r.add(
        "PATCH",
        ONE,
        f,
        Access.ACCOUNT,
        c -> {
          service.patchServicePrincipal(c.param("account_id"), c.param("id"), c.body());
          return Reply.json(204, null);
        });
    r.add(
        "DELETE",
        ONE,
        f,
        Access.ACCOUNT,
        c -> {
          service.deleteServicePrincipal(c.param("account_id"), c.param("id"));
          return Reply.json(204, null);
        });
  }
}
