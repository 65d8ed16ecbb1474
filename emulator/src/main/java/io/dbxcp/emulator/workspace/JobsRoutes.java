package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Router;

/** One-time job runs: {@code /api/2.x/jobs/runs/submit|get|cancel}. */
public final class JobsRoutes implements Router.Routes {
  private final JobsService service;

  public JobsRoutes(JobsService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    String f = "workspace.jobs";
    for (String v : new String[] {"2.1", "2.2"}) {
      String p = "/api/" + v + "/jobs/runs/";
      r.add("POST", p + "submit", f, Access.WORKSPACE, c -> service.submit(c.get(Caller.class), c.body(), c.now()));
      r.add("GET", p + "get", f, Access.WORKSPACE, c -> {
        Long id = c.queryLong("run_id");
        if (id == null) {
          throw ApiException.missing("run_id");
        }
        return service.get(c.get(Caller.class), id);
      });
      r.add("POST", p + "cancel", f, Access.WORKSPACE, c -> {
        service.cancel(c.get(Caller.class), c.body(), c.now());
        return null;
      });
    }
  }
}
