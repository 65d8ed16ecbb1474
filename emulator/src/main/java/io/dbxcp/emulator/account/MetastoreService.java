package io.dbxcp.emulator.account;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.http.ErrorCode;
import io.dbxcp.emulator.store.Metastore;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unity Catalog metastores of an account and their assignment to workspaces: one metastore per
 * region per account, one metastore per workspace, in the workspace's region.
 */
public final class MetastoreService {
  private final Store store;

  public MetastoreService(Store store) {
    this.store = store;
  }

  public Metastore create(Caller caller, Body wrapped, Instant now) {
    Body b = wrapped.child("metastore_info");
    String name = b.required("name");
    String region = b.required("region");
    for (Metastore m : list(caller.accountId())) {
      if (m.region.equals(region)) {
        throw ApiException.alreadyExists(
            "This account already has metastore " + m.metastoreId + " in region " + region + ": one metastore per region.");
      }
    }
    Metastore m = new Metastore();
    m.metastoreId = store.ids.uuid();
    m.name = name;
    m.region = region;
    m.storageRoot = b.string("storage_root");
    m.externalAccessEnabled = b.bool("external_access_enabled");
    m.owner = caller.userName();
    m.createdBy = caller.userName();
    m.updatedBy = caller.userName();
    m.createdAt = now.toEpochMilli();
    m.updatedAt = m.createdAt;
    m.globalMetastoreId = "aws:" + region + ":" + m.metastoreId;
    m.accountId = caller.accountId();
    store.metastores.put(m.metastoreId, m);
    return m;
  }

  public Metastore get(String accountId, String id) {
    return Store.inAccount(store.metastores, id, accountId, m -> m.accountId)
        .orElseThrow(() -> ApiException.doesNotExist("Metastore '" + id + "' does not exist."));
  }

  public List<Metastore> list(String accountId) {
    return Store.ofAccount(store.metastores, accountId, m -> m.accountId);
  }

  public Metastore update(Caller caller, String id, Body wrapped, Instant now) {
    Metastore m = get(caller.accountId(), id);
    Body b = wrapped.child("metastore_info");
    if (b.has("owner")) {
      m.owner = b.string("owner");
    }
    if (b.has("external_access_enabled")) {
      m.externalAccessEnabled = b.bool("external_access_enabled");
    }
    if (b.has("privilege_model_version")) {
      m.privilegeModelVersion = b.string("privilege_model_version");
    }
    m.updatedAt = now.toEpochMilli();
    m.updatedBy = caller.userName();
    return m;
  }

  public void delete(String accountId, String id, boolean force) {
    Metastore m = get(accountId, id);
    List<Long> assigned = workspacesOf(m);
    if (!assigned.isEmpty() && !force) {
      throw ApiException.invalidState(
          "Metastore '" + id + "' is assigned to workspaces " + assigned + ": unassign them first or use force=true.");
    }
    for (Workspace w : store.workspacesOf(accountId)) {
      if (id.equals(w.data.metastoreId)) {
        w.data.metastoreId = null;
        w.data.defaultCatalogName = null;
      }
    }
    store.metastores.remove(id);
  }

  public void assign(String accountId, long workspaceId, String metastoreId, Body wrapped, boolean replace) {
    Workspace w = workspace(accountId, workspaceId);
    Metastore m = get(accountId, metastoreId);
    if (!m.region.equals(w.awsRegion)) {
      throw ApiException.invalidParameter(
          "Metastore '" + metastoreId + "' is in region " + m.region + ", workspace " + workspaceId + " in " + w.awsRegion + ".");
    }
    if (replace) {
      if (w.data.metastoreId == null) {
        throw ApiException.doesNotExist("Workspace " + workspaceId + " has no metastore assigned.");
      }
    } else if (w.data.metastoreId != null) {
      throw ApiException.alreadyExists(
          "Workspace " + workspaceId + " already has metastore '" + w.data.metastoreId + "' assigned.");
    }
    w.data.metastoreId = metastoreId;
    Body b = wrapped.child("metastore_assignment");
    if (b.has("default_catalog_name")) {
      w.data.defaultCatalogName = b.string("default_catalog_name");
    } else if (!replace) {
      w.data.defaultCatalogName = "hive_metastore";
    }
  }

  public void unassign(String accountId, long workspaceId, String metastoreId) {
    Workspace w = workspace(accountId, workspaceId);
    get(accountId, metastoreId);
    if (!metastoreId.equals(w.data.metastoreId)) {
      throw ApiException.doesNotExist("Metastore '" + metastoreId + "' is not assigned to workspace " + workspaceId + ".");
    }
    w.data.metastoreId = null;
    w.data.defaultCatalogName = null;
  }

  public Map<String, Object> assignment(String accountId, long workspaceId) {
    Workspace w = workspace(accountId, workspaceId);
    if (w.data.metastoreId == null) {
      throw ApiException.doesNotExist("Workspace " + workspaceId + " has no metastore assigned.");
    }
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("workspace_id", w.workspaceId);
    a.put("metastore_id", w.data.metastoreId);
    a.put("default_catalog_name", w.data.defaultCatalogName);
    return Map.of("metastore_assignment", a);
  }

  public List<Long> workspacesOf(Metastore m) {
    return store.workspacesOf(m.accountId).stream()
        .filter(w -> m.metastoreId.equals(w.data.metastoreId))
        .map(w -> w.workspaceId)
        .toList();
  }

  /** The metastore of a workspace, for Unity Catalog APIs called on it. */
  public Metastore ofWorkspace(Workspace w) {
    Metastore m = w.data.metastoreId == null ? null : store.metastores.get(w.data.metastoreId);
    if (m == null) {
      throw ApiException.of(ErrorCode.METASTORE_DOES_NOT_EXIST, "No metastore assigned for the current workspace.");
    }
    return m;
  }

  private Workspace workspace(String accountId, long id) {
    return store.workspace(accountId, id)
        .orElseThrow(() -> ApiException.doesNotExist("Workspace " + id + " does not exist."));
  }
}
