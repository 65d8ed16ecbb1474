package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Private access settings: {@code A/private-access-settings}; replace is PUT with the bare object. */
public final class PrivateAccessRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/private-access-settings";
  private static final String ONE = BASE + "/{private_access_settings_id}";
  private final ProvisioningService service;

  public PrivateAccessRoutes(ProvisioningService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "account.private-access";
    r.add("POST", BASE, f, Access.ACCOUNT, c -> service.createPrivateAccess(c.param("account_id"), c.body()));
    r.add("GET", BASE, f, Access.ACCOUNT, c -> service.privateAccessList(c.param("account_id")));
    r.add("GET", ONE, f, Access.ACCOUNT, c -> service.privateAccess(c.param("account_id"), c.param("private_access_settings_id")));
    r.add(
        "PUT",
        ONE,
        f,
        Access.ACCOUNT,
        c -> service.replacePrivateAccess(c.param("account_id"), c.param("private_access_settings_id"), c.body()));
    r.add(
        "DELETE",
        ONE,
        f,
        Access.ACCOUNT,
        c -> service.deletePrivateAccess(c.param("account_id"), c.param("private_access_settings_id")));
  }
}
