package io.dbxcp.keys.e2e;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.emulator.DatabricksEmulator;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.offline.BusListener;
import io.dbxcp.local.offline.OfflineBackends;
import io.dbxcp.local.offline.aws.KeyFixtures;
import io.dbxcp.testsupport.ProjectRoot;
import io.dbxcp.testsupport.SampleEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * rotate-key end to end: the real state machine (statemachines/rotate-key.asl.json) on the local
 * runner with the real handlers, against the Databricks emulator and moto (started once per test
 * class, on free ports), with a queue that receives every event put on the bus, {@link KeyFixtures}
 * to set the scene through the real SDK clients, and a hook on the runner's progress lines, so a
 * test can act while the workflow waits (stop compute when {@code WaitForIdleCompute} is entered).
 */
final class KeyHarness implements AutoCloseable {
    static final String BUS = "dbxcp"; // template.yaml's EventBusName default
    static final String REGION = OfflineBackends.REGION;

    private final OfflineBackends offline;
    private final LocalRunner runner;
    private final BusListener bus;
    private final KeyFixtures fixtures;
    private final AtomicReference<Consumer<String>> onProgress;

    private KeyHarness(OfflineBackends offline, LocalRunner runner, BusListener bus, KeyFixtures fixtures,
                       AtomicReference<Consumer<String>> onProgress) {
        this.offline = offline;
        this.runner = runner;
        this.bus = bus;
        this.fixtures = fixtures;
        this.onProgress = onProgress;
    }

    static KeyHarness start(double waitScale, Consumer<DatabricksEmulator.Builder> emulator) {
        return start(waitScale, emulator, java.util.Map.of());
    }

    /** As {@link #start(double, Consumer)}, with more environment for every handler (e.g. a short Databricks HTTP timeout). */
    static KeyHarness start(double waitScale, Consumer<DatabricksEmulator.Builder> emulator, java.util.Map<String, String> environment) {
        try {
            Path root = ProjectRoot.get();
            OfflineBackends offline = OfflineBackends.start(root, new PrintStream(OutputStream.nullOutputStream()), emulator);
            AtomicReference<Consumer<String>> onProgress = new AtomicReference<>(line -> { });
            PrintStream progress = new PrintStream(new LineHook(onProgress), true, StandardCharsets.UTF_8);
            java.util.Map<String, String> env = new java.util.HashMap<>(offline.environment());
            env.putAll(environment);
            LocalRunner runner = LocalRunner.builder().projectRoot(root).environment(env)
                    .waitScale(waitScale).historyDir(Files.createTempDirectory("dbxcp-keys")).progress(progress).build();
            AwsSettings aws = offline.aws();
            return new KeyHarness(offline, runner, new BusListener(aws, BUS, "key-results"), new KeyFixtures(aws, offline.emulator(), REGION), onProgress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DatabricksEmulator emulator() {
        return offline.emulator();
    }

    LocalRunner runner() {
        return runner;
    }

    KeyFixtures fixtures() {
        return fixtures;
    }

    AccountClient account() {
        return fixtures.account();
    }

    Workspace workspace(long id) {
        return account().workspaces().get(id);
    }

    /** Runs a workflow input (as the intake makes it) as rotate-key. */
    Execution run(JsonNode input, String executionName) {
        return runner.run("rotate-key", input, executionName);
    }

    /** Routes an EventBridge event as the intake does, runs the fixture preparers (sample events), and runs it. */
    Execution runPrepared(JsonNode event) {
        try {
            EventRouting.Routed routed = runner.eventRouting().route(event);
            offline.prepare(runner, routed.workflow(), routed.input());
            return runner.run(routed.workflow(), routed.input(), routed.executionName());
        } catch (EventRouting.Rejected e) {
            throw new IllegalArgumentException(e.getMessage() + " " + e.violations(), e);
        }
    }

    /** Routes an EventBridge event as the intake does and runs it, with no fixture preparer. */
    Execution runEvent(JsonNode event) {
        try {
            EventRouting.Routed routed = runner.eventRouting().route(event);
            return runner.run(routed.workflow(), routed.input(), routed.executionName());
        } catch (EventRouting.Rejected e) {
            throw new IllegalArgumentException(e.getMessage() + " " + e.violations(), e);
        }
    }

    /** Called with each progress line of the runs that follow (states entered, waits, retries...); replaced by the next call. */
    void onProgress(Consumer<String> hook) {
        onProgress.set(hook);
    }

    /** The events that reached the bus since the last call, oldest first. */
    List<JsonNode> events() {
        return bus.events();
    }

    static List<JsonNode> ofType(List<JsonNode> events, String detailType) {
        return events.stream().filter(e -> detailType.equals(e.path("detail-type").asText())).toList();
    }

    /** The PATCHes of workspaces the emulator served since request {@code after}. */
    List<RequestLog.Entry> patches(long after) {
        return emulator().requests().stream().filter(r -> r.seq() > after && r.method().equals("PATCH")
                && r.path().contains("/workspaces/")).toList();
    }

    long lastRequest() {
        List<RequestLog.Entry> all = emulator().requests();
        return all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
    }

    static JsonNode sample(String file) {
        return SampleEvents.copy(file);
    }

    @Override
    public void close() {
        runner.close();
        offline.close();
    }

    /** Splits what the runner prints into lines for the hook; prints nothing. */
    private static final class LineHook extends OutputStream {
        private final AtomicReference<Consumer<String>> hook;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        LineHook(AtomicReference<Consumer<String>> hook) {
            this.hook = hook;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String s = bytes.toString(StandardCharsets.UTF_8);
                bytes.reset();
                hook.get().accept(s);
            } else {
                bytes.write(b);
            }
        }
    }
}
