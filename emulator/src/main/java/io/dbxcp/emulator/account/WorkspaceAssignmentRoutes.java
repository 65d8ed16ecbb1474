package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;
import java.util.List;
import java.util.Map;

/** Principals assigned to a workspace: {@code A/workspaces/{id}/permissionassignments}. */
public final class WorkspaceAssignmentRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/workspaces/{workspace_id}/permissionassignments";
  private final IdentityService identity;
  private final WorkspaceService workspaces;

  public WorkspaceAssignmentRoutes(IdentityService identity, WorkspaceService workspaces) {
    this.identity = identity;
    this.workspaces = workspaces;
  }

  @Override
  public void register(Router r) {
    String f = "account.workspace-assignment";
    r.add(
        "PUT",
        BASE + "/principals/{principal_id}",
        f,
        Access.ACCOUNT,
        c ->
            identity.assign(
                workspaces.get(c.param("account_id"), c.longParam("workspace_id")), c.longParam("principal_id"), c.body()));
    r.add(
        "DELETE",
        BASE + "/principals/{principal_id}",
        f,
        Access.ACCOUNT,
        c -> {
          var w = workspaces.get(c.param("account_id"), c.longParam("workspace_id"));
          identity.unassign(w, c.longParam("principal_id"));
          identity.forgetWorkspaceTokens(w, c.param("principal_id"));
          return null;
        });
    r.add(
        "GET",
        BASE,
        f,
        Access.ACCOUNT,
        c -> Map.of("permission_assignments", identity.assignments(workspaces.get(c.param("account_id"), c.longParam("workspace_id")))));
    r.add(
        "GET",
        BASE + "/permissions",
        f,
        Access.ACCOUNT,
        c -> {
          workspaces.get(c.param("account_id"), c.longParam("workspace_id"));
          return Map.of(
              "permissions",
              List.of(
                  Map.of("permission_level", "USER", "description", "Can use the workspace"),
                  Map.of("permission_level", "ADMIN", "description", "Can administer the workspace")));
        });
  }
}
