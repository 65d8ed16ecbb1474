package io.dbxcp.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.emulator.account.WorkspaceService;
import io.dbxcp.emulator.http.Json;
import io.dbxcp.emulator.store.AccessToken;
import io.dbxcp.emulator.store.JobRun;
import io.dbxcp.emulator.store.Metastore;
import io.dbxcp.emulator.store.SecretScope;
import io.dbxcp.emulator.store.ServicePrincipal;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import io.dbxcp.emulator.store.WorkspaceData;
import io.dbxcp.emulator.store.WorkspaceObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every object of the emulator by kind, for {@code GET /_emulator/state}. Values of secrets,
 * tokens and OAuth secrets never appear: only names, ids and hashes.
 */
final class StateView {
  private StateView() {}

  static ObjectNode of(Store store, Instant now) {
    ObjectNode root = Json.object();
    root.put("now", now.toString());
    root.set("accounts", Json.tree(store.accounts.values()));
    ArrayNode sps = root.putArray("service_principals");
    for (ServicePrincipal sp : store.servicePrincipals.values()) {
      ObjectNode n = (ObjectNode) Json.tree(sp);
      n.put("account_id", sp.accountId);
      n.put("account_admin", sp.isAccountAdmin());
      n.set("secrets", Json.tree(sp.secrets));
      sps.add(n);
    }
    ArrayNode groups = root.putArray("groups");
    store.groups.values().forEach(g -> groups.add(((ObjectNode) Json.tree(g)).put("account_id", g.accountId)));
    root.set("credentials", Json.tree(store.credentials.values()));
    root.set("storage_configurations", Json.tree(store.storageConfigurations.values()));
    root.set("networks", Json.tree(store.networks.values()));
    root.set("private_access_settings", Json.tree(store.privateAccessSettings.values()));
    root.set("vpc_endpoints", Json.tree(store.vpcEndpoints.values()));
    root.set("customer_managed_keys", Json.tree(store.customerManagedKeys.values()));
    ArrayNode workspaces = root.putArray("workspaces");
    for (Workspace w : store.workspaces.values()) {
      ObjectNode n = (ObjectNode) Json.tree(w);
      ObjectNode e = n.putObject("emulator");
      e.put("ever_running", w.everRunning);
      e.put("running_since", w.runningSince == null ? null : w.runningSince.toString());
      e.put("settle_at", w.settleAt == null ? null : w.settleAt.toString());
      e.put("settle_status", w.settleStatus);
      e.put("reverts_at_settle", w.revertTo != null);
      e.set("running_compute", Json.tree(WorkspaceService.runningCompute(w)));
      n.set("contents", contents(w.data));
      workspaces.add(n);
    }
    root.set("log_delivery", Json.tree(store.logDelivery.values()));
    ArrayNode metastores = root.putArray("metastores");
    for (Metastore m : store.metastores.values()) {
      ObjectNode n = (ObjectNode) Json.tree(m);
      n.put("account_id", m.accountId);
      n.set("storage_credentials", Json.tree(m.storageCredentials.values()));
      n.set("external_locations", Json.tree(m.externalLocations.values()));
      metastores.add(n);
    }
    Map<String, Integer> tokens = new TreeMap<>();
    for (AccessToken t : store.tokens.values()) {
      if (!t.expired(now)) {
        tokens.merge(t.kind().name(), 1, Integer::sum);
      }
    }
    root.set("live_tokens_by_kind", Json.tree(tokens));
    Map<String, String> roles = new TreeMap<>();
    store.roleArnsFirstSeen.forEach((arn, at) -> roles.put(arn, at.toString()));
    root.set("role_arns_first_seen", Json.tree(roles));
    return root;
  }

  private static ObjectNode contents(WorkspaceData d) {
    ObjectNode n = Json.object();
    n.set("members", Json.tree(d.members));
    n.put("metastore_id", d.metastoreId);
    ArrayNode scopes = n.putArray("secret_scopes");
    for (SecretScope s : d.secretScopes.values()) {
      ObjectNode sn = scopes.addObject();
      sn.put("name", s.name);
      sn.put("backend_type", s.backendType);
      sn.set("keys", Json.tree(s.secrets.keySet()));
      sn.set("acls", Json.tree(s.acls));
    }
    n.set("tokens", Json.tree(d.tokens.values()));
    n.set("instance_profiles", Json.tree(d.instanceProfiles.values()));
    n.set("cluster_policies", Json.tree(d.policies.values()));
    n.set("global_init_scripts", Json.tree(d.initScripts.values()));
    n.set("clusters", Json.tree(d.clusters.values()));
    n.set("instance_pools", Json.tree(d.pools.values()));
    n.set("sql_warehouses", Json.tree(d.warehouses.values()));
    ArrayNode objects = n.putArray("workspace_objects");
    for (WorkspaceObject o : d.objects.values()) {
      objects.add(Json.tree(o));
    }
    ArrayNode runs = n.putArray("job_runs");
    for (JobRun r : d.runs.values()) {
      ObjectNode rn = (ObjectNode) Json.tree(r);
      rn.put("submitted_at", r.submittedAt.toString());
      rn.put("end_at", r.endAt.toString());
      runs.add(rn);
    }
    n.set("mounts", Json.tree(d.mounts.values()));
    return n;
  }
}
