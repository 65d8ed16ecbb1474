package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/** A service principal OAuth secret. The value is never kept: only its SHA-256. */
public final class SpSecret {
  public String id;
  public String secretHash;
  public String status = "ACTIVE";
  public String createTime;
  public String updateTime;
  public String expireTime;

  @JsonIgnore public String sha256;
  @JsonIgnore public Instant expiresAt;
}
