package io.dbxcp.emulator.store;

/** A Unity Catalog external location: a URL and the storage credential that reaches it. */
public final class ExternalLocation {
  public String name;
  public String url;
  public String credentialName;
  public String credentialId;
  public Boolean readOnly;
  public String comment;
  public String owner;
  public String metastoreId;
  public String isolationMode = "ISOLATION_MODE_OPEN";
  public Boolean browseOnly = false;
  public long createdAt;
  public String createdBy;
  public long updatedAt;
  public String updatedBy;
}
