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
 * Figures of one provisioning run with every option (events/workspace-request.json) on the local
 * runner: the Databricks API calls by endpoint (from the emulator's request log; the SDK's discovery
 * and token calls counted apart), and the state transitions of the workflow and of its nested
 * mount-buckets execution (from the execution histories). Writes them into docs/performance.md.
 * Usage: scripts/bench --workflow
 */
public final class WorkflowFigures {
    private WorkflowFigures() {}

    public static void main(String[] args) throws Exception {
        Path root = ProjectRoot.find();
        Path work = Files.createTempDirectory("dbxcp-figures");
        try (OfflineBackends offline = OfflineBackends.start(root, new PrintStream(OutputStream.nullOutputStream()),
                     emu -> emu.provisioningTime(Duration.ofMillis(300)));
             LocalRunner runner = LocalRunner.builder().projectRoot(root).environment(offline.environment())
                     .waitScale(0.02).historyDir(work).quiet().build()) {
            JsonNode event = Json.read(Files.readString(root.resolve("events/workspace-request.json")));
            EventRouting.Routed routed = runner.eventRouting().route(event);
            offline.prepare(runner, routed.workflow(), routed.input());
            long before = offline.emulator().requests().size();
            Execution ex = runner.run(routed.workflow(), routed.input(), routed.executionName());
            if (!ex.succeeded()) throw new IllegalStateException(ex.error() + " " + ex.cause());
            List<RequestLog.Entry> calls = offline.emulator().requests().subList((int) before, offline.emulator().requests().size());

            Map<String, Integer> byEndpoint = new TreeMap<>();
            int auth = 0;
            for (RequestLog.Entry c : calls) {
                if (c.path().startsWith("/oidc") || c.path().startsWith("/.well-known")) {
                    auth++;
                    continue;
                }
                String endpoint = c.method() + " " + c.path()
                        .replaceAll("/accounts/[0-9a-f-]{36}", "/accounts/{account}")
                        .replaceAll("/workspaces/\\d+", "/workspaces/{id}")
                        .replaceAll("/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "/{id}")
                        .replaceAll("/\\d{6,}", "/{id}");
                byEndpoint.merge(endpoint + (c.workspaceId() != null ? " (workspace)" : ""), 1, Integer::sum);
            }
            int api = byEndpoint.values().stream().mapToInt(Integer::intValue).sum();
            long transitions = ex.events("StateEntered").size();
            long nested = 0;
            try (var files = Files.list(work)) { // every history of the run: the workflow's and its nested executions'
                for (Path f : files.filter(p -> p.getFileName().toString().contains("MountBucketsStateMachine")).toList()) {
                    for (JsonNode he : Json.read(Files.readString(f)).path("events")) {
                        if ("StateEntered".equals(he.path("type").asText())) nested++;
                    }
                }
            }
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("provision-workspace with every option (events/workspace-request.json), one status poll: "
                    + "%d Databricks API calls (and %d discovery/OAuth token calls of the SDK, one set per function instance), "
                    + "%d states entered by the workflow, %d by its nested mount-buckets execution (3 buckets).%n%n", api, auth, transitions, nested));
            sb.append("| endpoint | calls |\n|---|---|\n");
            byEndpoint.forEach((k, v) -> sb.append("| `").append(k).append("` | ").append(v).append(" |\n"));
            System.out.println(sb);
            record(root.resolve("docs/performance.md"), sb.toString());
        }
    }

    static void record(Path doc, String table) throws IOException {
        String begin = "<!-- workflow:begin -->";
        String end = "<!-- workflow:end -->";
        String text = Files.readString(doc);
        int i = text.indexOf(begin);
        int j = text.indexOf(end);
        if (i < 0 || j < 0) return;
        Files.writeString(doc, text.substring(0, i + begin.length()) + "\n" + table + text.substring(j));
    }
}
