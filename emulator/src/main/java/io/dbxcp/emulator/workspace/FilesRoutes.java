package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** Workspace files ({@code /api/2.0/workspace/...}) and DBFS ({@code /api/2.0/dbfs/get-status|list}). */
public final class FilesRoutes implements Router.Routes {
  private final WorkspaceFilesService files;
  private final DbfsService dbfs;

  public FilesRoutes(WorkspaceFilesService files, DbfsService dbfs) {
    this.files = files;
    this.dbfs = dbfs;
  }

  @Override
  public void register(Router r) {
    String f = "workspace.workspace";
    String p = "/api/2.0/workspace/";
    r.add("POST", p + "import", f, Access.WORKSPACE, c -> {
      files.importObject(c.get(Caller.class), c.body(), c.now());
      return null;
    });
    r.add("GET", p + "export", f, Access.WORKSPACE, c -> files.export(c.get(Caller.class), c.requiredQuery("path")));
    r.add("GET", p + "get-status", f, Access.WORKSPACE, c -> files.getStatus(c.get(Caller.class), c.requiredQuery("path")));
    r.add("POST", p + "mkdirs", f, Access.WORKSPACE, c -> {
      files.mkdirs(c.get(Caller.class), c.body(), c.now());
      return null;
    });
    r.add("GET", p + "list", f, Access.WORKSPACE, c -> files.list(c.get(Caller.class), c.requiredQuery("path")));
    r.add("POST", p + "delete", f, Access.WORKSPACE, c -> {
      files.delete(c.get(Caller.class), c.body());
      return null;
    });

    String d = "workspace.dbfs";
    r.add("GET", "/api/2.0/dbfs/get-status", d, Access.WORKSPACE, c -> dbfs.getStatus(c.get(Caller.class), c.query("path")));
    r.add("GET", "/api/2.0/dbfs/list", d, Access.WORKSPACE, c -> dbfs.list(c.get(Caller.class), c.query("path")));
  }
}
