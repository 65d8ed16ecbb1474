package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.TreeMap;

/** A Databricks-backed secret scope, its secrets (values never shown) and its ACLs. */
public final class SecretScope {
  /** A secret: its value is base64 and is ignored by every JSON view. */
  public static final class Secret {
    public String key;
    public long lastUpdatedTimestamp;
    @JsonIgnore public String valueBase64;
  }

  public String name;
  public String backendType = "DATABRICKS";
  public final Map<String, Secret> secrets = new TreeMap<>();
  /** Principal to READ, WRITE or MANAGE. */
  public final Map<String, String> acls = new TreeMap<>();
}
