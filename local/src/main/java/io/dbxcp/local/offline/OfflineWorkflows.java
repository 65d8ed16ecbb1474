package io.dbxcp.local.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.DatabricksEmulator;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.DatabricksSettings;
import io.dbxcp.local.ProjectRoot;
import io.dbxcp.local.events.EventRouting;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;

/**
 * The end-to-end harness of the workflow modules: the real state machines of statemachines/ on the
 * local runner, with the real handlers, against the Databricks emulator and moto (started once per
 * test class, on free ports), a queue that receives every event the workflows put on the bus, the
 * AWS settings and Databricks clients to set a scene and look at the result, and a capture of
 * everything the handlers print.
 */
public final class OfflineWorkflows implements AutoCloseable {
    public static final String BUS = "dbxcp"; // template.yaml's EventBusName default

    private final OfflineBackends offline;
    private final LocalRunner runner;
    private final BusListener bus;
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    private OfflineWorkflows(OfflineBackends offline, LocalRunner runner, BusListener bus) {
        this.offline = offline;
        this.runner = runner;
        this.bus = bus;
    }

    public static OfflineWorkflows start(double waitScale, Consumer<DatabricksEmulator.Builder> emulator) {
        return start(waitScale, emulator, java.util.Map.of());
    }

    /** As {@link #start(double, Consumer)}, with more environment for every handler (e.g. shorter HTTP timeouts). */
    public static OfflineWorkflows start(double waitScale, Consumer<DatabricksEmulator.Builder> emulator, java.util.Map<String, String> environment) {
        try {
            Path root = ProjectRoot.find();
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            OfflineBackends offline = OfflineBackends.start(root, quiet, emulator);
            java.util.Map<String, String> env = new java.util.HashMap<>(offline.environment());
            env.putAll(environment);
            LocalRunner runner = LocalRunner.builder().projectRoot(root).environment(env)
                    .waitScale(waitScale).historyDir(Files.createTempDirectory("dbxcp-e2e")).quiet().build();
            return new OfflineWorkflows(offline, runner, new BusListener(offline.aws(), BUS, "e2e-results"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Settings that point AWS clients at moto, in its region. */
    public AwsSettings aws() {
        return offline.aws();
    }

    /** Settings that point AWS clients at moto, in a region of choice (IAM: {@code Region.AWS_GLOBAL}). */
    public AwsSettings aws(Region region) {
        AwsSettings s = aws();
        return new AwsSettings(region, s.endpoint(), s.credentials(), s.httpTimeout());
    }

    /** Databricks clients of the emulator's account admin, to set a scene and read the result. */
    public DatabricksClients databricks() {
        var env = offline.environment();
        return new DatabricksClients(new DatabricksSettings(env.get("DATABRICKS_HOST"), env.get("DATABRICKS_ACCOUNT_ID"),
                java.util.Optional.empty(), java.util.Optional.of(env.get("DATABRICKS_CLIENT_ID")),
                java.util.Optional.of(env.get("DATABRICKS_CLIENT_SECRET")), 30),
                id -> { throw new IllegalStateException("no credentials secret offline"); });
    }

    public DatabricksEmulator emulator() {
        return offline.emulator();
    }

    public OfflineBackends offline() {
        return offline;
    }

    public LocalRunner runner() {
        return runner;
    }

    /** The workflow input a sample event of events/ routes to, with the offline fixtures made and named in it. */
    public EventRouting.Routed prepared(String sampleFile) {
        try {
            return prepared(Json.read(Files.readString(ProjectRoot.find().resolve("events").resolve(sampleFile))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public EventRouting.Routed prepared(JsonNode event) {
        try {
            EventRouting.Routed routed = runner.eventRouting().route(event);
            offline.prepare(runner, routed.workflow(), routed.input());
            return routed;
        } catch (EventRouting.Rejected e) {
            throw new IllegalArgumentException(e.getMessage() + " " + e.violations(), e);
        }
    }

    /** Runs a workflow while capturing everything the JVM prints (handlers log to stdout). */
    public Execution run(String workflow, JsonNode input, String executionName) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream tee = new PrintStream(new TeeStream(logs, out), true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(new PrintStream(new TeeStream(logs, err), true, StandardCharsets.UTF_8));
        try {
            return runner.run(workflow, input, executionName);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Everything printed during the runs so far. */
    public String capturedLogs() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    /** The events that reached the bus since the last call, oldest first. */
    public List<JsonNode> events() {
        return bus.events();
    }

    public List<JsonNode> events(String detailType) {
        return events().stream().filter(e -> detailType.equals(e.path("detail-type").asText())).toList();
    }

    /** A copy of a sample event of events/ with its request id (and so its execution name) changed. */
    public static ObjectNode sample(String file, String requestId) {
        try {
            ObjectNode event = (ObjectNode) Json.read(Files.readString(ProjectRoot.find().resolve("events").resolve(file)));
            ((ObjectNode) event.path("detail")).put("requestId", requestId);
            return event;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        runner.close();
        bus.close();
        offline.close();
    }

    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
