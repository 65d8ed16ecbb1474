package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Call;
import io.dbxcp.emulator.http.Router;
import java.util.function.BiConsumer;

/** Secrets: {@code /api/2.0/secrets/...} (scopes, secrets, ACLs). */
public final class SecretsRoutes implements Router.Routes {
  private final SecretsService service;

  public SecretsRoutes(SecretsService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "workspace.secrets";
    String p = "/api/2.0/secrets/";
    r.add("POST", p + "scopes/create", f, Access.WORKSPACE, act(service::createScope));
    r.add("POST", p + "scopes/delete", f, Access.WORKSPACE, act(service::deleteScope));
    r.add("GET", p + "scopes/list", f, Access.WORKSPACE, c -> service.listScopes(c.get(Caller.class)));
    r.add("POST", p + "put", f, Access.WORKSPACE, c -> {
      service.putSecret(c.get(Caller.class), c.body(), c.now());
      return null;
    });
    r.add("POST", p + "delete", f, Access.WORKSPACE, act(service::deleteSecret));
    r.add("GET", p + "list", f, Access.WORKSPACE, c -> service.listSecrets(c.get(Caller.class), c.requiredQuery("scope")));
    r.add(
        "GET",
        p + "get",
        f,
        Access.WORKSPACE,
        c -> service.getSecret(c.get(Caller.class), c.requiredQuery("scope"), c.requiredQuery("key")));
    r.add("POST", p + "acls/put", f, Access.WORKSPACE, act(service::putAcl));
    r.add("POST", p + "acls/delete", f, Access.WORKSPACE, act(service::deleteAcl));
    r.add(
        "GET",
        p + "acls/get",
        f,
        Access.WORKSPACE,
        c -> service.getAcl(c.get(Caller.class), c.requiredQuery("scope"), c.requiredQuery("principal")));
    r.add("GET", p + "acls/list", f, Access.WORKSPACE, c -> service.listAcls(c.get(Caller.class), c.requiredQuery("scope")));
  }

  private static io.dbxcp.emulator.http.Handler act(BiConsumer<Caller, io.dbxcp.emulator.http.Body> action) {
    return (Call c) -> {
      action.accept(c.get(Caller.class), c.body());
      return null;
    };
  }
}
