package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Unity Catalog metastore. Its storage credentials and external locations live here: every
 * workspace assigned to it sees the same ones. Names are case-insensitive (keys are lower case).
 */
public final class Metastore {
  public String metastoreId;
  public String name;
  public String region;
  public String storageRoot;
  public String owner;
  public String cloud = "aws";
  public String globalMetastoreId;
  public String privilegeModelVersion = "1.0";
  public Boolean externalAccessEnabled;
  public long createdAt;
  public String createdBy;
  public long updatedAt;
  public String updatedBy;

  @JsonIgnore public String accountId;
  @JsonIgnore public final Map<String, StorageCredential> storageCredentials = new LinkedHashMap<>();
  @JsonIgnore public final Map<String, ExternalLocation> externalLocations = new LinkedHashMap<>();
}
