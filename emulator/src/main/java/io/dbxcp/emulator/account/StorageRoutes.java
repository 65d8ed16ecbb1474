package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Storage configurations: {@code A/storage-configurations}. */
public final class StorageRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/storage-configurations";
  private final ProvisioningService service;

  public StorageRoutes(ProvisioningService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    r.add("POST", BASE, "account.storage", Access.ACCOUNT, c -> service.createStorage(c.param("account_id"), c.body(), c.now()));
    r.add("GET", BASE, "account.storage", Access.ACCOUNT, c -> service.storages(c.param("account_id")));
    r.add("GET", BASE + "/{storage_configuration_id}", "account.storage", Access.ACCOUNT, c -> service.storage(c.param("account_id"), c.param("storage_configuration_id")));
    r.add("DELETE", BASE + "/{storage_configuration_id}", "account.storage", Access.ACCOUNT, c -> service.deleteStorage(c.param("account_id"), c.param("storage_configuration_id")));
  }
}
