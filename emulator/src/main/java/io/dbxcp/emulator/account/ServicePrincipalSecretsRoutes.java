package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;
import java.util.Map;

/** Service principal OAuth secrets: {@code A/servicePrincipals/{id}/credentials/secrets}. */
public final class ServicePrincipalSecretsRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/servicePrincipals/{service_principal_id}/credentials/secrets";
  private final IdentityService service;

  public ServicePrincipalSecretsRoutes(IdentityService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "account.sp-secrets";
    r.add(
        "POST",
        BASE,
        f,
        Access.ACCOUNT,
        c -> service.createSecret(c.param("account_id"), c.param("service_principal_id"), c.body(), c.now()));
    r.add(
        "GET",
        BASE,
        f,
        Access.ACCOUNT,
        c -> Map.of("secrets", service.listSecrets(c.param("account_id"), c.param("service_principal_id"), c.now())));
    r.add(
        "DELETE",
        BASE + "/{secret_id}",
        f,
        Access.ACCOUNT,
        c -> {
          service.deleteSecret(c.param("account_id"), c.param("service_principal_id"), c.param("secret_id"));
          return null;
        });
  }
}
