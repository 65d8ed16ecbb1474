package io.dbxcp.emulator.auth;

import io.dbxcp.emulator.store.AccessToken;
import io.dbxcp.emulator.store.ServicePrincipal;
import io.dbxcp.emulator.store.Workspace;

/**
 * Who is calling, as the guard established it.
 *
 * @param principal the authenticated service principal
 * @param accountId its account
 * @param workspace the workspace the request is routed to (workspace APIs), else null
 * @param workspaceAdmin whether the principal administers that workspace
 * @param token the token it presented
 */
public record Caller(
    ServicePrincipal principal, String accountId, Workspace workspace, boolean workspaceAdmin, AccessToken token) {

  /** The user name Databricks shows for a service principal: its application id. */
  public String userName() {
    return principal.applicationId;
  }

  public long principalNumericId() {
    return Long.parseLong(principal.id);
  }
}
