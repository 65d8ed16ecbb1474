package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A workspace file, notebook or directory. */
public final class WorkspaceObject {
  public String path;
  /** NOTEBOOK, FILE or DIRECTORY. */
  public String objectType;
  public String language;
  public long objectId;
  public long createdAt;
  public long modifiedAt;
  public Long size;
  @JsonIgnore public byte[] content;
}
