package io.dbxcp.emulator.auth;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Call;
import io.dbxcp.emulator.http.Reply;
import io.dbxcp.emulator.http.Router;
import io.dbxcp.emulator.store.AccessToken;
import io.dbxcp.emulator.store.ServicePrincipal;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OAuth for service principals (client credentials) and the discovery documents the SDK reads
 * while it builds a client: {@code /.well-known/databricks-config} and the OAuth authorization
 * server metadata, account-level and workspace-level.
 */
public final class OidcRoutes implements Router.Routes {
  private final Store store;
  private final AuthService auth;

  public OidcRoutes(Store store, AuthService auth) {
    this.store = store;
    this.auth = auth;
  }

  @Override
  public void register(Router r) {
    r.add("GET", "/.well-known/databricks-config", "oidc.discovery", Access.PUBLIC, this::databricksConfig);
    r.add("GET", "/oidc/.well-known/oauth-authorization-server", "oidc.discovery", Access.PUBLIC, this::workspaceMetadata);
    r.add(
        "GET",
        "/oidc/accounts/{account_id}/.well-known/oauth-authorization-server",
        "oidc.discovery",
        Access.PUBLIC,
        this::accountMetadata);
    r.add("POST", "/oidc/accounts/{account_id}/v1/token", "oidc.token", Access.PUBLIC, this::accountToken);
    r.add("POST", "/oidc/v1/token", "oidc.token", Access.PUBLIC, this::workspaceToken);
  }

  /** A unified host: the OIDC root holds an {account_id} placeholder the SDK fills in. */
  private Object databricksConfig(Call c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("oidc_endpoint", c.baseUrl() + "/oidc/accounts/{account_id}");
    m.put("cloud", "aws");
    return m;
  }

  private Object workspaceMetadata(Call c) {
    return metadata(c.baseUrl() + "/oidc", c.baseUrl() + "/oidc/v1");
  }

  private Object accountMetadata(Call c) {
    String accountId = c.param("account_id");
    if (!store.accounts.containsKey(accountId)) {
      throw ApiException.doesNotExist("Account " + accountId + " does not exist.");
    }
    String root = c.baseUrl() + "/oidc/accounts/" + accountId;
    return metadata(root, root + "/v1");
  }

  private static Map<String, Object> metadata(String issuer, String v1) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", issuer);
    m.put("authorization_endpoint", v1 + "/authorize");
    m.put("token_endpoint", v1 + "/token");
    m.put("jwks_uri", v1 + "/keys");
    m.put("grant_types_supported", List.of("client_credentials", "authorization_code", "refresh_token"));
    m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
    m.put("response_types_supported", List.of("code"));
    m.put("scopes_supported", List.of("all-apis", "offline_access"));
    return m;
  }

  private Object accountToken(Call c) {
    String accountId = c.param("account_id");
    Map<String, String> form = Call.parseForm(c.bodyText());
    Reply bad = checkGrant(form);
    if (bad != null) {
      return bad;
    }
    String[] client = clientOf(c, form);
    Optional<ServicePrincipal> sp =
        auth.clientCredentials(client[0], client[1], c.now()).filter(p -> p.accountId.equals(accountId));
    if (sp.isEmpty()) {
      return invalidClient(client[0], accountId);
    }
    return tokenResponse(auth.issueOAuth(sp.get(), AccessToken.Kind.OAUTH_ACCOUNT, null, c.now()), form);
  }

  /** Workspace-level OAuth; with X-Databricks-Workspace-Id the token is for that workspace only. */
  private Object workspaceToken(Call c) {
    Map<String, String> form = Call.parseForm(c.bodyText());
    Reply bad = checkGrant(form);
    if (bad != null) {
      return bad;
    }
    String[] client = clientOf(c, form);
    Optional<ServicePrincipal> sp = auth.clientCredentials(client[0], client[1], c.now());
    if (sp.isEmpty()) {
      return invalidClient(client[0], null);
    }
    Long wsId = c.workspaceId();
    if (wsId != null) {
      Workspace w = store.workspaces.get(wsId);
      boolean allowed =
          w != null
              && w.accountId.equals(sp.get().accountId)
              && (sp.get().isAccountAdmin() || w.data.members.containsKey(sp.get().id));
      if (!allowed) {
        return invalidClient(client[0], null);
      }
    }
    return tokenResponse(auth.issueOAuth(sp.get(), AccessToken.Kind.OAUTH_WORKSPACE, wsId, c.now()), form);
  }

  private static Reply checkGrant(Map<String, String> form) {
    String grant = form.get("grant_type");
    if (grant == null) {
      return oauthError(400, "invalid_request", "Missing grant_type");
    }
    if (!"client_credentials".equals(grant)) {
      return oauthError(400, "unsupported_grant_type", "Only client_credentials is supported by the emulator");
    }
    return null;
  }

  /** client id and secret from HTTP Basic, else from the form (client_secret_post). */
  private static String[] clientOf(Call c, Map<String, String> form) {
    String h = c.header("Authorization");
    if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon > 0) {
          return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        }
      } catch (IllegalArgumentException e) {
        return new String[] {null, null};
      }
    }
    return new String[] {form.get("client_id"), form.get("client_secret")};
  }

  private static Reply invalidClient(String clientId, String accountId) {
    String where = accountId == null ? "" : " in Databricks account '" + accountId + "'";
    return oauthError(
        401, "invalid_client", "OAuth application with client_id: '" + clientId + "' not available" + where + ", or the client secret is wrong.");
  }

  private static Reply oauthError(int status, String error, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", error);
    m.put("error_description", description);
    return Reply.json(status, m);
  }

  private static Map<String, Object> tokenResponse(AuthService.Issued issued, Map<String, String> form) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("access_token", issued.value());
    m.put("token_type", "Bearer");
    m.put("expires_in", issued.lifetime().toSeconds());
    m.put("scope", form.getOrDefault("scope", "all-apis"));
    return m;
  }
}
