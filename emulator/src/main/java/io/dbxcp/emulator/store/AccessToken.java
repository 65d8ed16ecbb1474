package io.dbxcp.emulator.store;

import java.time.Instant;

/**
 * A bearer token the emulator issued, kept under the SHA-256 of its value (never the value).
 *
 * @param kind what issued it
 * @param principalId the SCIM id of the service principal it authenticates
 * @param accountId that principal's account
 * @param workspaceId the only workspace it is valid on, or null (account-wide OAuth token)
 * @param expiresAt when it stops working, or null (a PAT without lifetime)
 * @param tokenId for a PAT, its token_id
 */
public record AccessToken(
    Kind kind, String principalId, String accountId, Long workspaceId, Instant expiresAt, String tokenId) {

  /** Who issued the token. */
  public enum Kind {
    /** {@code /oidc/accounts/{account_id}/v1/token}: the Account API and the account's workspaces. */
    OAUTH_ACCOUNT,
    /** {@code /oidc/v1/token}: workspace APIs only (of one workspace when asked with its id). */
    OAUTH_WORKSPACE,
    /** A personal access token (own or on-behalf-of): its workspace only. */
    PAT
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
