package io.dbxcp.emulator.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.auth.AuthService;
import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.http.Json;
import io.dbxcp.emulator.store.ClusterPolicy;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Cluster policies (admins write): names unique in the workspace, definitions are JSON objects. */
public final class ClusterPoliciesService {
  private final Store store;

  public ClusterPoliciesService(Store store) {
    this.store = store;
  }

  public Map<String, Object> create(Caller caller, Body b, Instant now) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    ClusterPolicy p = new ClusterPolicy();
    p.policyId = store.ids.hex(16).toUpperCase(Locale.ROOT);
    p.createdAtTimestamp = now.toEpochMilli();
    p.creatorUserName = caller.userName();
    fill(w, p, b);
    w.data.policies.put(p.policyId, p);
    return Map.of("policy_id", p.policyId);
  }

  public void edit(Caller caller, Body b) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    fill(w, get(caller, b.required("policy_id")), b);
  }

  private static void fill(Workspace w, ClusterPolicy p, Body b) {
    String name = b.required("name");
    if (name.length() > 100) {
      throw ApiException.invalidParameter("A policy name may not exceed 100 characters.");
    }
    for (ClusterPolicy other : w.data.policies.values()) {
      if (other != p && other.name.equalsIgnoreCase(name)) {
        throw ApiException.alreadyExists("Policy named '" + name + "' already exists.");
      }
    }
    String definition = b.string("definition");
    if (definition != null) {
      JsonNode parsed;
      try {
        parsed = Json.parse(definition);
      } catch (ApiException e) {
        throw ApiException.invalidParameter("Invalid policy definition: it must be a JSON object.");
      }
      if (!parsed.isObject()) {
        throw ApiException.invalidParameter("Invalid policy definition: it must be a JSON object.");
      }
    } else if (b.string("policy_family_id") == null) {
      definition = "{}";
    }
    p.name = name;
    p.definition = definition;
    p.description = b.string("description");
    p.maxClustersPerUser = b.longValue("max_clusters_per_user");
    p.policyFamilyId = b.string("policy_family_id");
    p.policyFamilyDefinitionOverrides = b.string("policy_family_definition_overrides");
  }

  public ClusterPolicy get(Caller caller, String id) {
    ClusterPolicy p = caller.workspace().data.policies.get(id);
    if (p == null) {
      throw ApiException.doesNotExist("Cluster policy " + id + " does not exist.");
    }
    return p;
  }

  public Map<String, Object> list(Caller caller) {
    return Map.of("policies", List.copyOf(caller.workspace().data.policies.values()));
  }

  public void delete(Caller caller, Body b) {
    AuthService.requireWorkspaceAdmin(caller);
    caller.workspace().data.policies.remove(get(caller, b.required("policy_id")).policyId);
  }
}
