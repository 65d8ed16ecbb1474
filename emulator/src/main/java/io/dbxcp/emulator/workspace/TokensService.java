package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.AuthService;
import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.store.ServicePrincipal;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.TokenInfo;
import io.dbxcp.emulator.store.Workspace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Personal access tokens of a workspace: own tokens ({@code /token/*}) and token management by
 * workspace admins, including tokens made on behalf of a service principal of the workspace.
 */
public final class TokensService {
  private final Store store;
  private final AuthService auth;

  public TokensService(Store store, AuthService auth) {
    this.store = store;
    this.auth = auth;
  }

  public Map<String, Object> createOnBehalfOf(Caller caller, Body b, Instant now) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    String appId = b.required("application_id");
    ServicePrincipal owner = null;
    for (ServicePrincipal sp : store.servicePrincipals.values()) {
      if (sp.applicationId.equals(appId) && sp.accountId.equals(w.accountId)) {
        owner = sp;
      }
    }
    if (owner == null || !w.data.members.containsKey(owner.id)) {
      throw ApiException.invalidParameter(
          "Service principal with application ID " + appId + " is not a member of workspace " + w.workspaceId + ".");
    }
    if (!owner.active) {
      throw ApiException.invalidParameter("Service principal with application ID " + appId + " is not active.");
    }
    AuthService.Issued issued = auth.issuePat(w, owner, caller.principal(), b.longValue("lifetime_seconds"), b.string("comment"), now);
    TokenInfo info = w.data.tokens.get(issued.token().tokenId());
    return Map.of("token_value", issued.value(), "token_info", info);
  }

  public Map<String, Object> list(Caller caller, Long createdById, String createdByUsername) {
    AuthService.requireWorkspaceAdmin(caller);
    List<TokenInfo> infos =
        caller.workspace().data.tokens.values().stream()
            .filter(t -> createdById == null || t.createdById == createdById)
            .filter(t -> createdByUsername == null || createdByUsername.equals(t.createdByUsername))
            .toList();
    return Map.of("token_infos", infos);
  }

  public Map<String, Object> get(Caller caller, String tokenId) {
    AuthService.requireWorkspaceAdmin(caller);
    return Map.of("token_info", token(caller.workspace(), tokenId));
  }

  public void delete(Caller caller, String tokenId) {
    AuthService.requireWorkspaceAdmin(caller);
    auth.revokePat(caller.workspace(), token(caller.workspace(), tokenId));
  }

  public Map<String, Object> createOwn(Caller caller, Body b, Instant now) {
    Workspace w = caller.workspace();
    AuthService.Issued issued =
        auth.issuePat(w, caller.principal(), caller.principal(), b.longValue("lifetime_seconds"), b.string("comment"), now);
    return Map.of("token_value", issued.value(), "token_info", publicView(w.data.tokens.get(issued.token().tokenId())));
  }

  public Map<String, Object> listOwn(Caller caller) {
    long me = caller.principalNumericId();
    return Map.of(
        "token_infos",
        caller.workspace().data.tokens.values().stream().filter(t -> t.ownerId == me).map(TokensService::publicView).toList());
  }

  public void deleteOwn(Caller caller, Body b) {
    String tokenId = b.required("token_id");
    TokenInfo t = caller.workspace().data.tokens.get(tokenId);
    if (t == null || t.ownerId != caller.principalNumericId()) {
      throw ApiException.doesNotExist("Token with id " + tokenId + " does not exist.");
    }
    auth.revokePat(caller.workspace(), t);
  }

  private static TokenInfo token(Workspace w, String tokenId) {
    TokenInfo t = w.data.tokens.get(tokenId);
    if (t == null) {
      throw ApiException.doesNotExist("Token with id " + tokenId + " does not exist.");
    }
    return t;
  }

  private static Map<String, Object> publicView(TokenInfo t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token_id", t.tokenId);
    m.put("creation_time", t.creationTime);
    m.put("expiry_time", t.expiryTime);
    if (t.comment != null) {
      m.put("comment", t.comment);
    }
    return m;
  }
}
