package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.account.MetastoreService;
import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.store.ExternalLocation;
import io.dbxcp.emulator.store.Metastore;
import io.dbxcp.emulator.store.StorageCredential;
import io.dbxcp.emulator.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Unity Catalog storage credentials and external locations of the workspace's metastore (a
 * workspace without one gets METASTORE_DOES_NOT_EXIST). Names are unique and case-insensitive; an
 * external location's credential must exist and its URL may not overlap another location's; a
 * credential that locations use is deleted only with {@code force}.
 */
public final class UnityCatalogService {
  /** The role Unity Catalog assumes from, shown on every AWS storage credential. */
  public static final String UC_MASTER_ROLE = "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL";
  static final Pattern ROLE_ARN = Pattern.compile("^arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]+$");
  static final Pattern URL = Pattern.compile("^s3a?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$");

  private final Store store;
  private final MetastoreService metastores;

  public UnityCatalogService(Store store, MetastoreService metastores) {
    this.store = store;
    this.metastores = metastores;
  }

  // ---------------------------------------------------------------- storage credentials

  public StorageCredential createCredential(Caller caller, Body b, Instant now) {
    Metastore m = metastores.ofWorkspace(caller.workspace());
    String name = b.required("name");
    if (m.storageCredentials.containsKey(key(name))) {
      throw ApiException.alreadyExists("Storage Credential '" + name + "' already exists.");
    }
    String role = b.child("aws_iam_role").required("role_arn");
    if (!ROLE_ARN.matcher(role).matches()) {
      throw ApiException.invalidParameter("Invalid IAM role ARN: " + role);
    }
    StorageCredential s = new StorageCredential();
    s.id = store.ids.uuid();
    s.name = name;
    s.fullName = name;
    s.awsIamRole = new StorageCredential.AwsIamRole(role, store.ids.uuid(), UC_MASTER_ROLE);
    s.comment = b.string("comment");
    s.readOnly = b.bool("read_only", false);
    s.owner = caller.userName();
    s.metastoreId = m.metastoreId;
    s.createdAt = now.toEpochMilli();
    s.createdBy = caller.userName();
    s.updatedAt = s.createdAt;
    s.updatedBy = s.createdBy;
    m.storageCredentials.put(key(name), s);
    return s;
  }

  public StorageCredential credential(Caller caller, String name) {
    StorageCredential s = metastores.ofWorkspace(caller.workspace()).storageCredentials.get(key(name));
    if (s == null) {
      throw ApiException.doesNotExist("Storage Credential '" + name + "' does not exist.");
    }
    return s;
  }

  public Map<String, Object> listCredentials(Caller caller) {
    return Map.of("storage_credentials", List.copyOf(metastores.ofWorkspace(caller.workspace()).storageCredentials.values()));
  }

  public StorageCredential updateCredential(Caller caller, String name, Body b, Instant now) {
    Metastore m = metastores.ofWorkspace(caller.workspace());
    StorageCredential s = credential(caller, name);
    if (b.has("aws_iam_role")) {
      String role = b.child("aws_iam_role").required("role_arn");
      if (!ROLE_ARN.matcher(role).matches()) {
        throw ApiException.invalidParameter("Invalid IAM role ARN: " + role);
      }
      s.awsIamRole = new StorageCredential.AwsIamRole(role, s.awsIamRole.externalId(), UC_MASTER_ROLE);
    }
    if (b.has("comment")) {
      s.comment = b.string("comment");
    }
    if (b.has("read_only")) {
      s.readOnly = b.bool("read_only");
    }
    if (b.has("owner")) {
      s.owner = b.string("owner");
    }
    String newName = b.string("new_name");
    if (newName != null && !newName.equals(s.name)) {
      if (!key(newName).equals(key(s.name)) && m.storageCredentials.containsKey(key(newName))) {
        throw ApiException.alreadyExists("Storage Credential '" + newName + "' already exists.");
      }
      m.storageCredentials.remove(key(s.name));
      for (ExternalLocation l : m.externalLocations.values()) {
        if (key(l.credentialName).equals(key(s.name))) {
          l.credentialName = newName;
        }
      }
      s.name = newName;
      s.fullName = newName;
      m.storageCredentials.put(key(newName), s);
    }
    s.updatedAt = now.toEpochMilli();
    s.updatedBy = caller.userName();
    return s;
  }

  public void deleteCredential(Caller caller, String name, boolean force) {
    Metastore m = metastores.ofWorkspace(caller.workspace());
    StorageCredential s = credential(caller, name);
    List<String> users =
        m.externalLocations.values().stream().filter(l -> key(l.credentialName).equals(key(s.name))).map(l -> l.name).toList();
    if (!users.isEmpty() && !force) {
      throw ApiException.invalidState(
          "Storage Credential '" + s.name + "' has dependent external locations " + users + ": delete them first or use force=true.");
    }
    m.storageCredentials.remove(key(s.name));
  }

  // ---------------------------------------------------------------- external locations

  public ExternalLocation createLocation(Caller caller, Body b, Instant now) {
    Metastore m = metastores.ofWorkspace(caller.workspace());
    String name = b.required("name");
    String url = b.required("url");
    String credentialName = b.required("credential_name");
    if (m.externalLocations.containsKey(key(name))) {
      throw ApiException.alreadyExists("External Location '" + name + "' already exists.");
    }
    StorageCredential s = credential(caller, credentialName);
    checkUrl(m, url, null);
    ExternalLocation l = new ExternalLocation();
    l.name = name;
    l.url = url;
    l.credentialName = s.name;
    l.credentialId = s.id;
    l.readOnly = b.bool("read_only", false);
    l.comment = b.string("comment");
    l.owner = caller.userName();
    l.metastoreId = m.metastoreId;
    l.createdAt = now.toEpochMilli();
    l.createdBy = caller.userName();
    l.updatedAt = l.createdAt;
    l.updatedBy = l.createdBy;
    m.externalLocations.put(key(name), l);
    return l;
  }

  public ExternalLocation location(Caller caller, String name) {
    ExternalLocation l = metastores.ofWorkspace(caller.workspace()).externalLocations.get(key(name));
    if (l == null) {
      throw ApiException.doesNotExist("External Location '" + name + "' does not exist.");
    }
    return l;
  }

  public Map<String, Object> listLocations(Caller caller) {
    return Map.of("external_locations", List.copyOf(metastores.ofWorkspace(caller.workspace()).externalLocations.values()));
  }

  public ExternalLocation updateLocation(Caller caller, String name, Body b, Instant now) {
    Metastore m = metastores.ofWorkspace(caller.workspace());
    ExternalLocation l = location(caller, name);
    if (b.has("url")) {
      checkUrl(m, b.string("url"), l);
      l.url = b.string("url");
    }
    if (b.has("credential_name")) {
      StorageCredential s = credential(caller, b.string("credential_name"));
      l.credentialName = s.name;
      l.credentialId = s.id;
    }
    if (b.has("read_only")) {
      l.readOnly = b.bool("read_only");
    }
    if (b.has("comment")) {
      l.comment = b.string("comment");
    }
    if (b.has("owner")) {
      l.owner = b.string("owner");
    }
    String newName = b.string("new_name");
    if (newName != null && !newName.equals(l.name)) {
      if (!key(newName).equals(key(l.name)) && m.externalLocations.containsKey(key(newName))) {
        throw ApiException.alreadyExists("External Location '" + newName + "' already exists.");
      }
      m.externalLocations.remove(key(l.name));
      l.name = newName;
      m.externalLocations.put(key(newName), l);
    }
    l.updatedAt = now.toEpochMilli();
    l.updatedBy = caller.userName();
    return l;
  }

  public void deleteLocation(Caller caller, String name) {
    Metastore m = metastores.ofWorkspace(caller.workspace());
    m.externalLocations.remove(key(location(caller, name).name));
  }

  private static void checkUrl(Metastore m, String url, ExternalLocation self) {
    if (!URL.matcher(url).matches()) {
      throw ApiException.invalidParameter("Invalid url '" + url + "': expected s3://<bucket>[/<path>].");
    }
    String mine = folder(url);
    for (ExternalLocation other : m.externalLocations.values()) {
      if (other == self) {
        continue;
      }
      String theirs = folder(other.url);
      if (mine.startsWith(theirs) || theirs.startsWith(mine)) {
        throw ApiException.invalidParameter(
            "Input path url '" + url + "' overlaps with an existing external location '" + other.name + "' (" + other.url + ").");
      }
    }
  }

  private static String folder(String url) {
    String u = url.replaceFirst("^s3a://", "s3://");
    return u.endsWith("/") ? u : u + "/";
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
