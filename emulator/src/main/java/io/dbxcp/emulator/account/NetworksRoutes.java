package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Network configurations (customer-managed VPCs): {@code A/networks}. */
public final class NetworksRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/networks";
  private final ProvisioningService service;

  public NetworksRoutes(ProvisioningService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    r.add("POST", BASE, "account.networks", Access.ACCOUNT, c -> service.createNetwork(c.param("account_id"), c.body(), c.now()));
    r.add("GET", BASE, "account.networks", Access.ACCOUNT, c -> service.networks(c.param("account_id")));
    r.add("GET", BASE + "/{network_id}", "account.networks", Access.ACCOUNT, c -> service.network(c.param("account_id"), c.param("network_id")));
    r.add("DELETE", BASE + "/{network_id}", "account.networks", Access.ACCOUNT, c -> service.deleteNetwork(c.param("account_id"), c.param("network_id")));
  }
}
