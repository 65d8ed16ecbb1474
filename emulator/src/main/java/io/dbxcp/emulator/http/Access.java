package io.dbxcp.emulator.http;

/** Who may call a route; the server asks its {@link Guard} to check it before the handler runs. */
public enum Access {
  /** No credential: OAuth token endpoints and discovery documents. */
  PUBLIC,
  /** Account API: a token of an account admin of the account named in the path. */
  ACCOUNT,
  /** Workspace API: a token valid on the workspace the request is routed to. */
  WORKSPACE,
  /** The emulator's own control API under /_emulator/: no credential, never rate limited. */
  CONTROL
}
