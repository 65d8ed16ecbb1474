package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A global init script; its content (base64) is shown by get only. */
public final class GlobalInitScript {
  public String scriptId;
  public String name;
  public boolean enabled;
  public long position;
  public long createdAt;
  public String createdBy;
  public long updatedAt;
  public String updatedBy;
  @JsonIgnore public String scriptBase64;
}
