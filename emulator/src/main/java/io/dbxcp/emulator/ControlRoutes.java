package io.dbxcp.emulator;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.http.Call;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.Router;
import io.dbxcp.emulator.store.Knobs;
import io.dbxcp.emulator.store.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's own API under {@code /_emulator/}: state, reset, request log, faults, scenario
 * knobs, clock, running compute, tokens. No credential is needed and no rate limit or fault applies.
 */
final class ControlRoutes implements Router.Routes {
  private static final String P = "/_emulator";
  private final DatabricksEmulator emu;
  private final Router router;

  ControlRoutes(DatabricksEmulator emu, Router router) {
    this.emu = emu;
    this.router = router;
  }

  @Override
  public void register(Router r) {
    String f = "control";
    r.add("GET", P, f, Access.CONTROL, c -> index());
    r.add("GET", P + "/state", f, Access.CONTROL, c -> emu.state());
    r.add("POST", P + "/reset", f, Access.CONTROL, c -> {
      emu.reset();
      return Map.of("reset", true);
    });
    r.add("GET", P + "/requests", f, Access.CONTROL, this::requests);
    r.add("DELETE", P + "/requests", f, Access.CONTROL, c -> {
      emu.requestLog().clear();
      return null;
    });
    r.add("GET", P + "/faults", f, Access.CONTROL, c -> Map.of("faults", faults()));
    r.add("POST", P + "/faults", f, Access.CONTROL, this::addFaults);
    r.add("DELETE", P + "/faults", f, Access.CONTROL, c -> {
      emu.faults().clear();
      return null;
    });
    r.add("GET", P + "/scenario", f, Access.CONTROL, c -> emu.scenario().describe());
    r.add("POST", P + "/scenario", f, Access.CONTROL, this::setScenario);
    r.add("POST", P + "/scenario/fail-workspace", f, Access.CONTROL, c -> {
      Body b = c.body();
      emu.scenario().failWorkspace(b.required("workspace_name"), b.required("message"));
      return emu.scenario().describe();
    });
    r.add("POST", P + "/scenario/revert-next-patch", f, Access.CONTROL, c -> {
      Body b = c.body();
      if (b.has("workspace_id")) {
        emu.scenario().revertNextPatch(b.longValue("workspace_id"));
      } else {
        emu.scenario().revertNextPatch(b.required("workspace_name"));
      }
      return emu.scenario().describe();
    });
    r.add("POST", P + "/scenario/iam-role-seen", f, Access.CONTROL, c -> {
      emu.scenario().iamRoleSeen(c.body().required("role_arn"));
      return null;
    });
    r.add("POST", P + "/scenario/break-network", f, Access.CONTROL, c -> {
      emu.scenario().breakNetwork(c.body().required("network_id"), c.body().required("message"));
      return null;
    });
    r.add(
        "POST",
        P + "/workspaces/{workspace_id}/compute",
        f,
        Access.CONTROL,
        c -> Map.of("id", emu.scenario().startCompute(c.longParam("workspace_id"), c.body().required("kind"))));
    r.add("DELETE", P + "/workspaces/{workspace_id}/compute", f, Access.CONTROL, c -> {
      emu.scenario().stopAllCompute(c.longParam("workspace_id"));
      return null;
    });
    r.add("POST", P + "/workspaces/{workspace_id}/fail-next-run", f, Access.CONTROL, c -> {
      emu.scenario().failNextJobRun(c.longParam("workspace_id"), c.body().required("message"));
      return null;
    });
    r.add("GET", P + "/clock", f, Access.CONTROL, c -> clock());
    r.add("POST", P + "/clock/advance", f, Access.CONTROL, c -> {
      Body b = c.body();
      Long millis = b.longValue("millis");
      Long seconds = b.longValue("seconds");
      if (millis == null && seconds == null) {
        throw ApiException.missing("seconds");
      }
      emu.clock().advance(millis != null ? Duration.ofMillis(millis) : Duration.ofSeconds(seconds));
      return clock();
    });
    r.add("POST", P + "/tokens", f, Access.CONTROL, this::mintToken);
    r.add("GET", P + "/credentials", f, Access.CONTROL, c -> credentials(c));
    r.add("GET", P + "/routes", f, Access.CONTROL, c -> Map.of("routes", routes()));
  }

  private Map<String, Object> index() {
    return Map.of(
        "emulator", "Databricks Account and Workspace API emulator",
        "control", List.of(
            "GET /_emulator/state", "POST /_emulator/reset", "GET|DELETE /_emulator/requests",
            "GET|POST|DELETE /_emulator/faults", "GET|POST /_emulator/scenario",
            "POST /_emulator/scenario/{fail-workspace,revert-next-patch,iam-role-seen,break-network}",
            "POST|DELETE /_emulator/workspaces/{id}/compute", "POST /_emulator/workspaces/{id}/fail-next-run",
            "GET /_emulator/clock", "POST /_emulator/clock/advance", "POST /_emulator/tokens",
            "GET /_emulator/credentials", "GET /_emulator/routes"));
  }

  private Object requests(Call c) {
    Long after = c.queryLong("after");
    return Map.of("requests", emu.requestLog().list(after == null ? 0 : after, c.query("method"), c.query("path")));
  }

  private List<Map<String, Object>> faults() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Faults.Active a : emu.faults().list()) {
      Map<String, Object> m = new LinkedHashMap<>(rule(a.rule()));
      m.put("id", a.id());
      m.put("remaining", a.remaining());
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> rule(Faults.Rule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", r.method());
    m.put("path", r.path());
    m.put("count", r.count());
    m.put("status", r.status());
    m.put("error_code", r.errorCode());
    m.put("message", r.message());
    m.put("retry_after_seconds", r.retryAfterSeconds());
    m.put("latency_ms", r.latencyMillis());
    return m;
  }

  private Object addFaults(Call c) {
    Body b = c.body();
    List<Body> rules = b.has("faults") ? b.list("faults") : List.of(b);
    List<String> ids = new ArrayList<>();
    for (Body f : rules) {
      Long count = f.longValue("count");
      Long status = f.longValue("status");
      Long retryAfter = f.longValue("retry_after_seconds");
      Long latency = f.longValue("latency_ms");
      if ((status == null || status == 0) && (latency == null || latency == 0)) {
        throw ApiException.invalidParameter("A fault needs a status, a latency_ms, or both.");
      }
      try {
        ids.add(
            emu.faults()
                .add(
                    new Faults.Rule(
                        f.string("method"),
                        f.required("path"),
                        count == null ? 1 : count.intValue(),
                        status == null ? 0 : status.intValue(),
                        f.string("error_code"),
                        f.string("message"),
                        retryAfter == null ? null : retryAfter.intValue(),
                        latency == null ? 0 : latency,
                        Boolean.TRUE.equals(f.bool("after_serving")))));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidParameter("Invalid fault: " + e.getMessage());
      }
    }
    return Map.of("ids", ids, "faults", faults());
  }

  private Object setScenario(Call c) {
    Body b = c.body();
    Scenario s = emu.scenario();
    seconds(b, "provisioning_seconds").ifPresent(s::provisioningTime);
    seconds(b, "patch_provisioning_seconds").ifPresent(s::patchProvisioningTime);
    seconds(b, "iam_propagation_seconds").ifPresent(s::iamPropagationDelay);
    seconds(b, "cluster_start_seconds").ifPresent(s::clusterStartTime);
    seconds(b, "warehouse_start_seconds").ifPresent(s::warehouseStartTime);
    seconds(b, "workspace_reachable_seconds").ifPresent(s::workspaceReachableDelay);
    seconds(b, "oauth_token_lifetime_seconds").ifPresent(s::oauthTokenLifetime);
    if (b.has("job_pending_seconds") || b.has("job_run_seconds")) {
      Knobs k = emu.store().knobs;
      s.jobRunTimes(
          seconds(b, "job_pending_seconds").orElse(k.jobRunPendingTime),
          seconds(b, "job_run_seconds").orElse(k.jobRunTime));
    }
    if (b.has("scim_max_page_size")) {
      s.scimMaxPageSize(b.longValue("scim_max_page_size").intValue());
    }
    if (b.has("rate_limit_rps")) {
      double rps = b.node().path("rate_limit_rps").asDouble();
      double burst = b.node().path("rate_limit_burst").asDouble(rps);
      s.rateLimit(rps, burst);
    }
    Map<String, String> latency = b.stringMap("latency_ms");
    if (latency != null) {
      latency.forEach((family, ms) -> s.latency(family, Duration.ofMillis(Long.parseLong(ms))));
    }
    Map<String, String> failing = b.stringMap("fail_workspaces");
    if (failing != null) {
      failing.forEach(s::failWorkspace);
    }
    for (String ws : b.strings("revert_next_patch")) {
      s.revertNextPatch(ws);
    }
    return s.describe();
  }

  private static java.util.Optional<Duration> seconds(Body b, String field) {
    if (!b.has(field)) {
      return java.util.Optional.empty();
    }
    double v = b.node().path(field).asDouble(Double.NaN);
    if (Double.isNaN(v) || v < 0) {
      throw ApiException.invalidParameter(field + " must be a number of seconds, 0 or more.");
    }
    return java.util.Optional.of(Duration.ofMillis(Math.round(v * 1000)));
  }

  private Map<String, Object> clock() {
    return Map.of("now", emu.clock().instant().toString(), "offset_seconds", emu.clock().offset().toMillis() / 1000.0);
  }

  private Object mintToken(Call c) {
    Body b = c.body();
    Long ws = b.longValue("workspace_id");
    if (ws == null) {
      throw ApiException.missing("workspace_id");
    }
    String app = b.string("application_id") == null ? emu.adminClientId() : b.string("application_id");
    Long lifetime = b.longValue("lifetime_seconds");
    String value = emu.mintPat(ws, app, lifetime == null ? null : Duration.ofSeconds(lifetime));
    Workspace w = emu.store().workspaces.get(ws);
    return Map.of("token_value", value, "workspace_id", w.workspaceId, "application_id", app);
  }

  /** The built-in principals' credentials: fake, printed on purpose for tests and demos. */
  private Map<String, Object> credentials(Call c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", c.baseUrl());
    m.put("account_id", emu.accountId());
    m.put("account_admin", Map.of("client_id", emu.adminClientId(), "client_secret", emu.adminClientSecret(), "id", emu.adminPrincipalId()));
    m.put("account_user", Map.of("client_id", emu.userClientId(), "client_secret", emu.userClientSecret(), "id", emu.userPrincipalId()));
    return m;
  }

  private List<Map<String, String>> routes() {
    List<Map<String, String>> out = new ArrayList<>();
    for (Router.Route rt : router.routes()) {
      out.add(Map.of("method", rt.method(), "path", rt.template(), "family", rt.family(), "access", rt.access().name()));
    }
    return out;
  }

}
