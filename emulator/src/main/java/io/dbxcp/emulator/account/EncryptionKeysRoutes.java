package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Customer-managed key configurations: {@code A/customer-managed-keys}. */
public final class EncryptionKeysRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/customer-managed-keys";
  private final ProvisioningService service;

  public EncryptionKeysRoutes(ProvisioningService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    r.add("POST", BASE, "account.keys", Access.ACCOUNT, c -> service.createKey(c.param("account_id"), c.body(), c.now()));
    r.add("GET", BASE, "account.keys", Access.ACCOUNT, c -> service.keys(c.param("account_id")));
    r.add("GET", BASE + "/{customer_managed_key_id}", "account.keys", Access.ACCOUNT, c -> service.key(c.param("account_id"), c.param("customer_managed_key_id")));
    r.add("DELETE", BASE + "/{customer_managed_key_id}", "account.keys", Access.ACCOUNT, c -> service.deleteKey(c.param("account_id"), c.param("customer_managed_key_id")));
  }
}
