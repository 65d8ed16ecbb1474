package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Tokens: token management ({@code /api/2.0/token-management/...}) and own tokens ({@code /api/2.0/token/...}). */
public final class TokensRoutes implements Router.Routes {
  private final TokensService service;

  public TokensRoutes(TokensService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "workspace.tokens";
    r.add(
        "POST",
        "/api/2.0/token-management/on-behalf-of/tokens",
        f,
        Access.WORKSPACE,
        c -> service.createOnBehalfOf(c.get(Caller.class), c.body(), c.now()));
    r.add(
        "GET",
        "/api/2.0/token-management/tokens",
        f,
        Access.WORKSPACE,
        c -> service.list(c.get(Caller.class), c.queryLong("created_by_id"), c.query("created_by_username")));
    r.add("GET", "/api/2.0/token-management/tokens/{token_id}", f, Access.WORKSPACE, c -> service.get(c.get(Caller.class), c.param("token_id")));
    r.add(
        "DELETE",
        "/api/2.0/token-management/tokens/{token_id}",
        f,
        Access.WORKSPACE,
        c -> {
          service.delete(c.get(Caller.class), c.param("token_id"));
          return null;
        });
    r.add("POST", "/api/2.0/token/create", f, Access.WORKSPACE, c -> service.createOwn(c.get(Caller.class), c.body(), c.now()));
    r.add("GET", "/api/2.0/token/list", f, Access.WORKSPACE, c -> service.listOwn(c.get(Caller.class)));
    r.add(
        "POST",
        "/api/2.0/token/delete",
        f,
        Access.WORKSPACE,
        c -> {
          service.deleteOwn(c.get(Caller.class), c.body());
          return null;
        });
  }
}
