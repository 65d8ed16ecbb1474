package io.dbxcp.emulator.auth;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Call;
import io.dbxcp.emulator.http.ErrorCode;
import io.dbxcp.emulator.http.Guard;
import io.dbxcp.emulator.http.Json;
import io.dbxcp.emulator.store.AccessToken;
import io.dbxcp.emulator.store.Hashing;
import io.dbxcp.emulator.store.ServicePrincipal;
import io.dbxcp.emulator.store.SpSecret;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.TokenInfo;
import io.dbxcp.emulator.store.Workspace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Issues tokens (OAuth client credentials, personal access tokens) and checks them on every API
 * call: account APIs need an account admin of the account in the path; workspace APIs need a
 * token valid on the workspace the request is routed to.
 */
public final class AuthService implements Guard {
  public static final String ADMIN = "ADMIN";
  public static final String USER = "USER";

  private final Store store;

  public AuthService(Store store) {
    this.store = store;
  }

  /** A token and the value handed to the client once. */
  public record Issued(String value, AccessToken token, Duration lifetime) {}

  // ---------------------------------------------------------------- OAuth client credentials

  /** The service principal whose client id and secret these are, if they are valid now. */
  public Optional<ServicePrincipal> clientCredentials(String clientId, String clientSecret, Instant now) {
    if (clientId == null || clientSecret == null) {
      return Optional.empty();
    }
    String hash = Hashing.sha256(clientSecret);
    for (ServicePrincipal sp : store.servicePrincipals.values()) {
      if (!clientId.equals(sp.applicationId) || !sp.active) {
        continue;
      }
      for (SpSecret s : sp.secrets) {
        boolean live = "ACTIVE".equals(s.status) && (s.expiresAt == null || now.isBefore(s.expiresAt));
        if (live && s.sha256.equals(hash)) {
          return Optional.of(sp);
        }
      }
    }
    return Optional.empty();
  }

  /** An OAuth access token for a principal: account-wide, or for one workspace. */
  public Issued issueOAuth(ServicePrincipal sp, AccessToken.Kind kind, Long workspaceId, Instant now) {
    Duration lifetime = store.knobs.oauthTokenLifetime;
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", sp.applicationId);
    claims.put("aud", workspaceId != null ? String.valueOf(workspaceId) : sp.accountId);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(lifetime).getEpochSecond());
    claims.put("jti", store.ids.uuid());
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String value =
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"emulator\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(Json.bytes(claims))
            + "."
            + store.ids.hex(43);
    AccessToken t = new AccessToken(kind, sp.id, sp.accountId, workspaceId, now.plus(lifetime), null);
    store.tokens.put(Hashing.sha256(value), t);
    return new Issued(value, t, lifetime);
  }

  // ---------------------------------------------------------------- personal access tokens

  /** A PAT for a principal on one workspace; {@code lifetimeSeconds} of 0 or less never expires. */
  public Issued issuePat(
      Workspace w, ServicePrincipal owner, ServicePrincipal createdBy, Long lifetimeSeconds, String comment, Instant now) {
    String value = store.ids.secretValue("dapi");
    String sha = Hashing.sha256(value);
    Instant expires = lifetimeSeconds == null || lifetimeSeconds <= 0 ? null : now.plusSeconds(lifetimeSeconds);
    TokenInfo info = new TokenInfo();
    info.tokenId = store.ids.hex(64);
    info.comment = comment;
    info.creationTime = now.toEpochMilli();
    info.expiryTime = expires == null ? -1 : expires.toEpochMilli();
    info.ownerId = Long.parseLong(owner.id);
    info.createdById = Long.parseLong(createdBy.id);
    info.createdByUsername = createdBy.applicationId;
    info.workspaceId = w.workspaceId;
    info.sha256 = sha;
    w.data.tokens.put(info.tokenId, info);
    AccessToken t = new AccessToken(AccessToken.Kind.PAT, owner.id, owner.accountId, w.workspaceId, expires, info.tokenId);
    store.tokens.put(sha, t);
    return new Issued(value, t, expires == null ? null : Duration.between(now, expires));
  }

  /** Forgets a PAT: it stops working at once. */
  public void revokePat(Workspace w, TokenInfo info) {
    w.data.tokens.remove(info.tokenId);
    store.tokens.remove(info.sha256);
  }

  // ---------------------------------------------------------------- the guard

  @Override
  public void check(Call call, Access access) {
    switch (access) {
      case ACCOUNT -> call.set(Caller.class, accountCaller(call));
      case WORKSPACE -> call.set(Caller.class, workspaceCaller(call));
      case PUBLIC, CONTROL -> {
        // no credential
      }
    }
  }

  private AccessToken bearer(Call call, ErrorCode invalid) {
    String auth = call.header("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthenticated("Credential was not sent or was of an unsupported type for this API.");
    }
    AccessToken t = store.tokens.get(Hashing.sha256(auth.substring(7).trim()));
    if (t == null || t.expired(call.now())) {
      throw ApiException.of(invalid, "Invalid access token.");
    }
    return t;
  }

  private Caller accountCaller(Call call) {
    String accountId = call.param("account_id");
    AccessToken t = bearer(call, ErrorCode.UNAUTHENTICATED);
    if (t.kind() != AccessToken.Kind.OAUTH_ACCOUNT) {
      throw ApiException.unauthenticated(
          "Invalid access token: the Account API takes an account-level OAuth token, not a workspace token.");
    }
    ServicePrincipal sp = store.servicePrincipals.get(t.principalId());
    if (sp == null || !sp.active) {
      throw ApiException.unauthenticated("Invalid access token.");
    }
    if (!sp.accountId.equals(accountId)) {
      throw ApiException.permissionDenied(
          "Principal " + sp.applicationId + " does not belong to account " + accountId + ".");
    }
    if (!sp.isAccountAdmin()) {
      throw ApiException.permissionDenied("This API is disabled for users without account admin status.");
    }
    return new Caller(sp, accountId, null, true, t);
  }

  private Caller workspaceCaller(Call call) {
    String header = call.header(Call.WORKSPACE_ID_HEADER);
    if (header != null && call.workspaceId() == null) {
      throw ApiException.invalidParameter("Invalid " + Call.WORKSPACE_ID_HEADER + " header: " + header);
    }
    AccessToken t = bearer(call, ErrorCode.PERMISSION_DENIED);
    Long wsId = call.workspaceId() != null ? call.workspaceId() : t.workspaceId();
    if (wsId == null) {
      throw ApiException.invalidParameter(
          "Missing " + Call.WORKSPACE_ID_HEADER + " header: this host serves every workspace and routes by it.");
    }
    call.workspaceId(wsId);
    Workspace w = store.workspaces.get(wsId);
    if (w == null) {
      throw ApiException.doesNotExist("Workspace " + wsId + " does not exist.");
    }
    Instant reachable = w.runningSince == null ? null : w.runningSince.plus(store.knobs.workspaceReachableDelay);
    if (!w.everRunning || call.now().isBefore(reachable)) {
      throw ApiException.of(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "Workspace " + wsId + " is not reachable yet (status " + w.workspaceStatus + ").");
    }
    ServicePrincipal sp = store.servicePrincipals.get(t.principalId());
    boolean tokenFits = t.workspaceId() == null || t.workspaceId().equals(wsId);
    if (!tokenFits || sp == null || !sp.active || !sp.accountId.equals(w.accountId)) {
      throw ApiException.permissionDenied("Invalid access token.");
    }
    Set<String> permissions = w.data.members.get(sp.id);
    boolean admin = sp.isAccountAdmin() || (permissions != null && permissions.contains(ADMIN));
    if (!admin && permissions == null) {
      throw ApiException.permissionDenied(
          "Service principal " + sp.applicationId + " is not a member of workspace " + wsId + ".");
    }
    return new Caller(sp, sp.accountId, w, admin, t);
  }

  /** Only workspace admins may call this API. */
  public static void requireWorkspaceAdmin(Caller caller) {
    if (!caller.workspaceAdmin()) {
      throw ApiException.permissionDenied("Only workspace admins can use this API.");
    }
  }
}
