package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A personal access token as token management shows it (never its value). */
public final class TokenInfo {
  public String tokenId;
  public String comment;
  public long creationTime;
  /** -1 when it never expires. */
  public long expiryTime;
  public long ownerId;
  public long createdById;
  public String createdByUsername;
  public long workspaceId;

  /** The SHA-256 of the value, to forget the token when it is deleted. */
  @JsonIgnore public String sha256;
}
