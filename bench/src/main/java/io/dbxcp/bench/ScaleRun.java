package io.dbxcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.ProjectRoot;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.offline.OfflineBackends;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The scale run: N workspace requests (events/workspace-request-minimal.json, each with its own names) started at
 * once on the local runner against the emulator with an account-wide limit of 15 requests a second (429 with
 * Retry-After above it). Counts the workspaces RUNNING, any duplicate object, the 429s, and sets the wall time
 * against the bound the limit sets: the calls that had to be served, divided by the rate (less the first burst),
 * or one provisioning's own length if that is longer. Writes the figures into docs/performance.md.
 * Usage: scripts/bench --scale [N]   (default 100)
 */
public final class ScaleRun {
    static final double RATE = 15;
    static final Duration PROVISIONING = Duration.ofSeconds(3);
    static final double WAIT_SCALE = 0.5;

    private ScaleRun() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path root = ProjectRoot.find();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (OfflineBackends offline = OfflineBackends.start(root, quiet, emu -> emu.provisioningTime(PROVISIONING));
             LocalRunner runner = LocalRunner.builder().projectRoot(root).environment(offline.environment())
                     .waitScale(WAIT_SCALE).quiet().build()) {
            JsonNode sample = Json.read(Files.readString(root.resolve("events/workspace-request-minimal.json")));
            List<EventRouting.Routed> requests = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ObjectNode event = sample.deepCopy();
                ObjectNode detail = (ObjectNode) event.get("detail");
                String name = String.format("scale-%03d", i);
                detail.put("requestId", "req-" + name).put("workspaceName", name).put("rootBucket", name + "-dbfs-root");
                EventRouting.Routed routed = runner.eventRouting().route(event);
                offline.prepare(runner, routed.workflow(), routed.input());
                requests.add(routed);
            }
            offline.emulator().requestLog().clear();
            offline.emulator().scenario().rateLimit(RATE, RATE);

            ExecutorService pool = Executors.newFixedThreadPool(n);
            long start = System.nanoTime();
            List<Future<Execution>> runs = new ArrayList<>();
            for (EventRouting.Routed r : requests) {
                runs.add(pool.submit(() -> runner.run(r.workflow(), r.input(), r.executionName())));
            }
            List<Execution> done = new ArrayList<>();
            for (Future<Execution> f : runs) done.add(f.get());
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            pool.shutdown();
            offline.emulator().scenario().noRateLimit();

            String figures = figures(n, done, wallMs, offline);
            System.out.println(figures);
            WorkflowFigures.record(root.resolve("docs/performance.md"), "<!-- scale:begin -->", "<!-- scale:end -->", figures);
        }
    }

    private static String figures(int n, List<Execution> done, long wallMs, OfflineBackends offline) throws IOException {
        long succeeded = done.stream().filter(Execution::succeeded).count();
        Map<String, Long> failures = done.stream().filter(e -> !e.succeeded())
                .collect(Collectors.groupingBy(e -> e.error() + ": " + e.cause(), TreeMap::new, Collectors.counting()));
        JsonNode state = offline.emulator().state();
        Map<String, Integer> perName = new TreeMap<>();
        int running = 0;
        for (JsonNode ws : objects(state, "workspaces")) {
            perName.merge(ws.path("workspace_name").asText(), 1, Integer::sum);
            if ("RUNNING".equals(ws.path("workspace_status").asText())) running++;
        }
        long duplicates = perName.values().stream().filter(c -> c > 1).count()
                + duplicates(objects(state, "credentials"), "credentials_name")
                + duplicates(objects(state, "storage_configurations"), "storage_configuration_name");
        List<RequestLog.Entry> log = offline.emulator().requests();
        long limited = log.stream().filter(e -> !"oidc.discovery".equals(e.family())).count();
        long refused = log.stream().filter(e -> e.status() == 429).count();
        long served = limited - refused;
        long rateBoundMs = Math.round(Math.max(0, served - RATE) / RATE * 1000);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d workspace requests (events/workspace-request-minimal.json, names of their own) started at "
                + "once; the emulator limits the account to %.0f requests/s (429 with Retry-After above it); provisioning "
                + "takes %d s; Wait states scaled by %s.%n%n", n, RATE, PROVISIONING.toSeconds(), WAIT_SCALE));
        sb.append("| figure | value |\n|---|---|\n");
        sb.append(String.format("| executions succeeded | %d / %d |%n", succeeded, n));
        sb.append(String.format("| workspaces RUNNING in the emulator | %d / %d |%n", running, n));
        sb.append(String.format("| duplicate workspaces, credentials or storage configurations | %d |%n", duplicates));
        sb.append(String.format("| calls served under the limit (API calls and OAuth tokens) | %d |%n", served));
        sb.append(String.format("| calls refused with 429 and retried | %d |%n", refused));
        sb.append(String.format("| rate-limit bound: (served − burst of %.0f) / %.0f per s | %.1f s |%n", RATE, RATE, rateBoundMs / 1000.0));
        sb.append(String.format("| wall time, first start to last end | %.1f s |%n", wallMs / 1000.0));
        sb.append(String.format("| **wall / bound** | **%.2fx** (target ≤ 1.2x) |%n", wallMs / (double) rateBoundMs));
        failures.forEach((k, v) -> sb.append(String.format("| failed: %s | %d |%n", k.replace('|', '/'), v)));
        return sb.toString();
    }

    private static List<JsonNode> objects(JsonNode state, String field) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode node = state.path(field);
        if (node.isObject()) node.forEach(out::add);
        if (node.isArray()) node.forEach(out::add);
        return out;
    }

    private static long duplicates(List<JsonNode> objects, String nameField) {
        Map<String, Integer> counts = new TreeMap<>();
        objects.forEach(o -> counts.merge(o.path(nameField).asText(), 1, Integer::sum));
        return counts.values().stream().filter(c -> c > 1).count();
    }
}
