package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/**
 * The workspace set-up families: instance profiles ({@code /api/2.0/instance-profiles}), cluster
 * policies ({@code /api/2.0/policies/clusters}) and global init scripts ({@code /api/2.0/global-init-scripts}).
 */
public final class WorkspaceSettingsRoutes implements Router.Routes {
  private final InstanceProfilesService profiles;
  private final ClusterPoliciesService policies;
  private final GlobalInitScriptsService scripts;

  public WorkspaceSettingsRoutes(
      InstanceProfilesService profiles, ClusterPoliciesService policies, GlobalInitScriptsService scripts) {
    this.profiles = profiles;
    this.policies = policies;
    this.scripts = scripts;
  }

  @Override
  public void register(Router r) {
    String ip = "workspace.instance-profiles";
    r.add("POST", "/api/2.0/instance-profiles/add", ip, Access.WORKSPACE, c -> {
      profiles.add(c.get(Caller.class), c.body());
      return null;
    });
    r.add("POST", "/api/2.0/instance-profiles/edit", ip, Access.WORKSPACE, c -> {
      profiles.edit(c.get(Caller.class), c.body());
      return null;
    });
    r.add("GET", "/api/2.0/instance-profiles/list", ip, Access.WORKSPACE, c -> profiles.list(c.get(Caller.class)));
    r.add("POST", "/api/2.0/instance-profiles/remove", ip, Access.WORKSPACE, c -> {
      profiles.remove(c.get(Caller.class), c.body());
      return null;
    });

    String cp = "workspace.cluster-policies";
    String p = "/api/2.0/policies/clusters/";
    r.add("POST", p + "create", cp, Access.WORKSPACE, c -> policies.create(c.get(Caller.class), c.body(), c.now()));
    r.add("POST", p + "edit", cp, Access.WORKSPACE, c -> {
      policies.edit(c.get(Caller.class), c.body());
      return null;
    });
    r.add("GET", p + "get", cp, Access.WORKSPACE, c -> policies.get(c.get(Caller.class), c.requiredQuery("policy_id")));
    r.add("GET", p + "list", cp, Access.WORKSPACE, c -> policies.list(c.get(Caller.class)));
    r.add("POST", p + "delete", cp, Access.WORKSPACE, c -> {
      policies.delete(c.get(Caller.class), c.body());
      return null;
    });

    String gi = "workspace.global-init-scripts";
    String g = "/api/2.0/global-init-scripts";
    r.add("POST", g, gi, Access.WORKSPACE, c -> scripts.create(c.get(Caller.class), c.body(), c.now()));
    r.add("GET", g, gi, Access.WORKSPACE, c -> scripts.list(c.get(Caller.class)));
    r.add("GET", g + "/{script_id}", gi, Access.WORKSPACE, c -> scripts.get(c.get(Caller.class), c.param("script_id")));
    r.add("PATCH", g + "/{script_id}", gi, Access.WORKSPACE, c -> {
      scripts.update(c.get(Caller.class), c.param("script_id"), c.body(), c.now());
      return null;
    });
    r.add("DELETE", g + "/{script_id}", gi, Access.WORKSPACE, c -> {
      scripts.delete(c.get(Caller.class), c.param("script_id"));
      return null;
    });
  }
}
