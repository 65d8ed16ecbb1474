package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.account.IdentityService;
import io.dbxcp.emulator.auth.AuthService;
import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.http.Json;
import io.dbxcp.emulator.store.ComplexValue;
import io.dbxcp.emulator.store.ServicePrincipal;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Workspace SCIM: the service principals of one workspace (identity federation: they are account
 * principals assigned to it) and {@code Me}.
 */
public final class WorkspaceScimService {
  private final Store store;
  private final IdentityService identity;

  public WorkspaceScimService(Store store, IdentityService identity) {
    this.store = store;
    this.identity = identity;
  }

  public Map<String, Object> list(Caller caller, String filter, Long startIndex, Long count) {
    Workspace w = caller.workspace();
    List<ServicePrincipal> members = new ArrayList<>();
    for (String id : w.data.members.keySet()) {
      ServicePrincipal sp = store.servicePrincipals.get(id);
      if (sp != null) {
        members.add(sp);
      }
    }
    return identity.page(members, filter, startIndex, identity.cappedCount(count));
  }

  /** Adds an account principal to the workspace (by applicationId), or makes a new one. */
  public ServicePrincipal create(Caller caller, Body b) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    String appId = b.string("applicationId");
    ServicePrincipal sp = appId == null ? null : identity.byApplicationId(w.accountId, appId);
    if (sp == null) {
      sp = identity.createServicePrincipal(w.accountId, b);
    } else if (w.data.members.containsKey(sp.id)) {
      throw ApiException.scim(409, "uniqueness", "Service principal with application id " + appId + " already exists in this workspace.");
    } else {
      List<ComplexValue> entitlements = new ArrayList<>(sp.entitlements);
      for (Body e : b.list("entitlements")) {
        if (entitlements.stream().noneMatch(x -> x.value().equals(e.string("value")))) {
          entitlements.add(ComplexValue.of(e.string("value")));
        }
      }
      sp.entitlements = entitlements;
    }
    w.data.members.put(sp.id, new LinkedHashSet<>(Set.of(AuthService.USER)));
    return identity.view(sp);
  }

  public ServicePrincipal get(Caller caller, String id) {
    return identity.view(member(caller.workspace(), id));
  }

  public void patch(Caller caller, String id, Body b) {
    AuthService.requireWorkspaceAdmin(caller);
    ServicePrincipal sp = member(caller.workspace(), id);
    identity.patchServicePrincipal(sp.accountId, id, b);
  }

  public ServicePrincipal replace(Caller caller, String id, Body b) {
    AuthService.requireWorkspaceAdmin(caller);
    ServicePrincipal sp = member(caller.workspace(), id);
    return identity.replaceServicePrincipal(sp.accountId, id, b);
  }

  /** Removes the principal from the workspace (it stays in the account). */
  public void delete(Caller caller, String id) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    member(w, id);
    w.data.members.remove(id);
    identity.forgetWorkspaceTokens(w, id);
  }

  /** The caller as a SCIM user: a service principal's user name is its application id. */
  public Map<String, Object> me(Caller caller) {
    ServicePrincipal sp = caller.principal();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"));
    m.put("id", sp.id);
    m.put("userName", sp.applicationId);
    m.put("displayName", sp.displayName);
    m.put("active", sp.active);
    m.put("emails", List.of());
    List<Map<String, Object>> groups = new ArrayList<>();
    if (caller.workspaceAdmin()) {
      groups.add(Map.of("display", "admins", "type", "direct"));
    }
    groups.add(Map.of("display", "users", "type", "direct"));
    m.put("groups", groups);
    m.put("entitlements", Json.tree(sp.entitlements));
    return m;
  }

  private ServicePrincipal member(Workspace w, String id) {
    ServicePrincipal sp = store.servicePrincipals.get(id);
    if (sp == null || !w.data.members.containsKey(id)) {
      throw ApiException.scim(404, null, "Service Principal with id " + id + " not found in workspace " + w.workspaceId + ".");
    }
    return sp;
  }
}
