package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Credential configurations: {@code A/credentials}. List answers a bare JSON array; DELETE answers the object. */
public final class CredentialsRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/credentials";
  private final ProvisioningService service;

  public CredentialsRoutes(ProvisioningService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    r.add("POST", BASE, "account.credentials", Access.ACCOUNT, c -> service.createCredential(c.param("account_id"), c.body(), c.now()));
    r.add("GET", BASE, "account.credentials", Access.ACCOUNT, c -> service.credentials(c.param("account_id")));
    r.add("GET", BASE + "/{credentials_id}", "account.credentials", Access.ACCOUNT, c -> service.credential(c.param("account_id"), c.param("credentials_id")));
    r.add("DELETE", BASE + "/{credentials_id}", "account.credentials", Access.ACCOUNT, c -> service.deleteCredential(c.param("account_id"), c.param("credentials_id")));
  }
}
