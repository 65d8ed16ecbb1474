package io.dbxcp.emulator.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Everything inside one workspace: what its workspace APIs read and write. */
public final class WorkspaceData {
  /** Principals assigned to the workspace (SCIM id to permissions: USER, ADMIN). */
  public final Map<String, Set<String>> members = new LinkedHashMap<>();
  public final Map<String, SecretScope> secretScopes = new TreeMap<>();
  public final Map<String, TokenInfo> tokens = new LinkedHashMap<>();
  public final Map<String, InstanceProfile> instanceProfiles = new LinkedHashMap<>();
  public final Map<String, ClusterPolicy> policies = new LinkedHashMap<>();
  public final Map<String, GlobalInitScript> initScripts = new LinkedHashMap<>();
  public final Map<String, Cluster> clusters = new LinkedHashMap<>();
  public final Map<String, InstancePool> pools = new LinkedHashMap<>();
  public final Map<String, Warehouse> warehouses = new LinkedHashMap<>();
  /** Workspace files and notebooks by path. */
  public final Map<String, WorkspaceObject> objects = new TreeMap<>();
  public final Map<Long, JobRun> runs = new LinkedHashMap<>();
  /** DBFS mounts by mount point (/mnt/name). */
  public final Map<String, Mount> mounts = new TreeMap<>();
  /** The metastore assigned to the workspace, or null. */
  public String metastoreId;
  public String defaultCatalogName;
  /** A message that fails the next job run, or null. */
  public String failNextRun;
}
