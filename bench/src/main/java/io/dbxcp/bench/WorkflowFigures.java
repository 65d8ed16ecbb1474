package io.dbxcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Figures of provision-workspace with every option (events/workspace-request.json) on the local runner:
 * <ol>
 * <li>a first run on fresh function instances: the Databricks API calls by endpoint (the emulator's request log;
 * the SDK's discovery and token calls counted apart, by endpoint), set beside the Terraform provider's calls for
 * the same objects (bench/src/main/resources/terraform-calls.tsv, derived in docs/terraform-comparison.md), and the
 * states entered (execution histories), poll iterations apart;</li>
 * <li>after a reset of the emulator, a second run on the warm instances with the emulator's modeled latencies and
 * waits: wall time against the critical path ({@link CriticalPath}).</li>
 * </ol>
 * Writes them into docs/performance.md. Usage: scripts/bench --workflow
 */
public final class WorkflowFigures {
    /** Time scale of the long waits (workspace provisioning, cluster start, Wait states, retry pauses). */
    static final double SCALE = 0.1;
    /** Modeled at real scale: what a Databricks call takes from a Lambda in the same region. */
    static final Duration ACCOUNT_API = Duration.ofMillis(250);
    static final Duration WORKSPACE_API = Duration.ofMillis(120);
    static final Duration TOKEN = Duration.ofMillis(150);
    /** Modeled before scaling: provisioning (Databricks says a few minutes), DNS of the new workspace, job cluster. */
    static final Duration PROVISIONING = Duration.ofSeconds(150);
    static final Duration REACHABLE = Duration.ofSeconds(25);
    static final Duration JOB_PENDING = Duration.ofSeconds(240);
    static final Duration JOB_RUN = Duration.ofSeconds(35);

    private WorkflowFigures() {}

    public static void main(String[] args) throws Exception {
        Path root = ProjectRoot.find();
        Path work = Files.createTempDirectory("dbxcp-figures");
        try (OfflineBackends offline = OfflineBackends.start(root, new PrintStream(OutputStream.nullOutputStream()));
             LocalRunner runner = LocalRunner.builder().projectRoot(root).environment(offline.environment())
                     .waitScale(SCALE).historyDir(work).quiet().build()) {
            JsonNode event = Json.read(Files.readString(root.resolve("events/workspace-request.json")));
            EventRouting.Routed routed = runner.eventRouting().route(event);

            offline.prepare(runner, routed.workflow(), routed.input());
            offline.emulator().requestLog().clear(); // the fixtures' own calls (the metastore) are not the run's
            Execution cold = runner.run(routed.workflow(), routed.input(), routed.executionName());
            if (!cold.succeeded()) throw new IllegalStateException(cold.error() + " " + cold.cause());
            String calls = calls(offline.emulator().requests(), cold, nestedEvents(work), root);

            offline.emulator().reset();
            offline.emulator().scenario().latency("account", ACCOUNT_API).latency("workspace", WORKSPACE_API)
                    .latency("oidc.token", TOKEN).provisioningTime(scaled(PROVISIONING))
                    .workspaceReachableDelay(scaled(REACHABLE)).jobRunTimes(scaled(JOB_PENDING), scaled(JOB_RUN));
            offline.prepare(runner, routed.workflow(), routed.input()); // the reset forgot the fixtures (the metastore)
            clear(work);
            Execution warm = runner.run(routed.workflow(), routed.input(), routed.executionName() + "-timed");
            if (!warm.succeeded()) throw new IllegalStateException(warm.error() + " " + warm.cause());
            String timing = timing(warm, nestedEvents(work), offline.emulator().requests());

            String figures = calls + "\n" + timing;
            System.out.println(figures);
            record(root.resolve("docs/performance.md"), figures);
        }
    }

    private static Duration scaled(Duration d) {
        return Duration.ofMillis(Math.round(d.toMillis() * SCALE));
    }

    /** The API calls by endpoint, the SDK's own calls, the Terraform comparison and the transitions. */
    private static String calls(List<RequestLog.Entry> requests, Execution ex, List<JsonNode> nested, Path root)
            throws IOException {
        Map<String, Integer> byEndpoint = new TreeMap<>();
        Map<String, Integer> auth = new TreeMap<>();
        for (RequestLog.Entry c : requests) {
            String endpoint = c.method() + " " + c.path()
                    .replaceAll("/accounts/[0-9a-f-]{36}", "/accounts/{account}")
                    .replaceAll("/workspaces/\\d+", "/workspaces/{id}")
                    .replaceAll("/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "/{id}")
                    .replaceAll("/\\d{6,}", "/{id}");
            if (c.path().startsWith("/oidc") || c.path().startsWith("/.well-known")) {
                auth.merge(endpoint, 1, Integer::sum);
            } else {
                byEndpoint.merge(endpoint + (c.workspaceId() != null ? " (workspace)" : ""), 1, Integer::sum);
            }
        }
        int api = sum(byEndpoint);
        int sdk = sum(auth);
        int terraform = terraformCalls(root);
        long top = ex.events("StateEntered").size();
        long topPolls = polls(ex.history().stream().map(io.dbxcp.local.HistoryEvent::json).toList(), "GetWorkspaceStatus");
        long nestedStates = nested.stream().filter(e -> "StateEntered".equals(e.path("type").asText())).count();
        long nestedPolls = polls(nested, "GetMountRunState");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("provision-workspace with every option (events/workspace-request.json), first run on fresh "
                + "function instances: **%d Databricks API calls**, and %d calls of the SDK's own (host metadata, OIDC "
                + "discovery, OAuth tokens).%n%n", api, sdk));
        sb.append(String.format("- Against the Terraform provider for the same objects (docs/terraform-comparison.md): "
                + "%d calls, so **%.2fx** (target ≤ 0.8x).%n", terraform, api / (double) terraform));
        sb.append(String.format("- States entered: %d by the workflow and %d by its nested mount-buckets execution "
                + "(3 buckets): %d in all, of which %d are poll iterations (a Wait, a poll and a Choice each), so "
                + "**%d not counting polls** (target ≤ 60).%n%n", top, nestedStates, top + nestedStates,
                3 * (topPolls + nestedPolls), top + nestedStates - 3 * (topPolls + nestedPolls)));
        sb.append("| endpoint | calls |\n|---|---|\n");
        byEndpoint.forEach((k, v) -> sb.append("| `").append(k).append("` | ").append(v).append(" |\n"));
        sb.append("\n| SDK's own calls | calls |\n|---|---|\n");
        auth.forEach((k, v) -> sb.append("| `").append(k).append("` | ").append(v).append(" |\n"));
        return sb.toString();
    }

    private static String timing(Execution ex, List<JsonNode> nested, List<RequestLog.Entry> requests) {
        List<JsonNode> top = ex.history().stream().map(io.dbxcp.local.HistoryEvent::json).toList();
        CriticalPath cp = CriticalPath.of(top, nested, requests, new CriticalPath.Model(scaled(PROVISIONING),
                scaled(REACHABLE), scaled(JOB_PENDING), scaled(JOB_RUN), WORKSPACE_API));
        long wall = java.time.Duration.between(java.time.Instant.parse(top.get(0).path("timestamp").asText()),
                java.time.Instant.parse(top.get(top.size() - 1).path("timestamp").asText())).toMillis();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Second run, warm instances, modeled latencies (account API %d ms, workspace API %d ms, "
                + "OAuth token %d ms a call) and waits scaled by %s (provisioning %d s, DNS %d s, job cluster start %d s "
                + "and run %d s, shown scaled; Wait states and retry pauses scaled alike): wall time **%.1f s** against a "
                + "critical path of %.1f s: **%.3fx** (target ≤ 1.10x).%n%n", ACCOUNT_API.toMillis(),
                WORKSPACE_API.toMillis(), TOKEN.toMillis(), SCALE, PROVISIONING.toSeconds(), REACHABLE.toSeconds(),
                JOB_PENDING.toSeconds(), JOB_RUN.toSeconds(), wall / 1000.0, cp.totalMs() / 1000.0,
                wall / (double) cp.totalMs()));
        sb.append("| critical path segment | ms |\n|---|---|\n");
        cp.segments().forEach(s -> sb.append("| ").append(s.name()).append(" | ").append(s.ms()).append(" |\n"));
        sb.append("| **critical path** | **").append(cp.totalMs()).append("** |\n");
        sb.append("| wall time (first to last event of the execution) | ").append(wall).append(" |\n");
        return sb.toString();
    }

    /** Poll iterations: how many times the poll Task ran (each with its Wait and Choice). */
    private static long polls(List<JsonNode> events, String pollState) {
        return events.stream().filter(e -> "StateEntered".equals(e.path("type").asText())
                && pollState.equals(e.path("state").asText())).count();
    }

    private static int terraformCalls(Path root) throws IOException {
        int total = 0;
        List<String> lines = Files.readAllLines(root.resolve("bench/src/main/resources/terraform-calls.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) total += Integer.parseInt(line.split("\t")[3]);
        }
        return total;
    }

    private static int sum(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Every event of the nested mount-buckets executions whose histories are in {@code dir}. */
    private static List<JsonNode> nestedEvents(Path dir) throws IOException {
        List<JsonNode> events = new java.util.ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains("MountBucketsStateMachine")).toList()) {
                Json.read(Files.readString(f)).path("events").forEach(events::add);
            }
        }
        return events;
    }

    private static void clear(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.delete(f);
        }
    }

    static void record(Path doc, String table) throws IOException {
        record(doc, "<!-- workflow:begin -->", "<!-- workflow:end -->", table);
    }

    /** Replaces what is between the two markers of {@code doc} (nothing happens when they are missing). */
    static void record(Path doc, String begin, String end, String table) throws IOException {
        String text = Files.readString(doc);
        int i = text.indexOf(begin);
        int j = text.indexOf(end);
        if (i < 0 || j < 0) return;
        Files.writeString(doc, text.substring(0, i + begin.length()) + "\n" + table + text.substring(j));
    }
}
