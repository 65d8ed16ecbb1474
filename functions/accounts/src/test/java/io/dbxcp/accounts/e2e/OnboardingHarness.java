package io.dbxcp.accounts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.access.TargetClients;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.emulator.DatabricksEmulator;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.offline.BusListener;
import io.dbxcp.local.offline.OfflineBackends;
import io.dbxcp.testsupport.ProjectRoot;
import io.dbxcp.testsupport.SampleEvents;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * End to end on the local runner: the real state machines of statemachines/ with the real handlers,
 * against the Databricks emulator and moto (one of each per test class; moto serves every account
 * id), a queue that receives every event put on the bus, and runners per template configuration
 * (local values of template parameters such as OnboardNetwork).
 */
final class OnboardingHarness implements AutoCloseable {
    static final String BUS = "dbxcp";

    private final OfflineBackends offline;
    private final Path history;
    private final Map<String, LocalRunner> runners = new ConcurrentHashMap<>();
    private final AwsSettings aws;
    private final BusListener bus;

    private OnboardingHarness(OfflineBackends offline, Path history, AwsSettings aws, BusListener bus) {
        this.offline = offline;
        this.history = history;
        this.aws = aws;
        this.bus = bus;
    }

    static OnboardingHarness start() {
        try {
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            OfflineBackends offline = OfflineBackends.start(ProjectRoot.get(), quiet, emu -> emu.provisioningTime(Duration.ofMillis(300)));
            AwsSettings aws = offline.aws();
            return new OnboardingHarness(offline, Files.createTempDirectory("dbxcp-onboarding"), aws, new BusListener(aws, BUS, "onboarding-results"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    DatabricksEmulator emulator() {
        return offline.emulator();
    }

    OfflineBackends offline() {
        return offline;
    }

    /** A runner whose template parameters take these local values, waits scaled by {@code waitScale}; kept for the class. */
    LocalRunner runner(double waitScale, Map<String, String> localValues) {
        return runner(waitScale, localValues, Map.of());
    }

    /** As {@link #runner(double, Map)}, with more environment for every handler (e.g. a short Databricks HTTP timeout). */
    LocalRunner runner(double waitScale, Map<String, String> localValues, Map<String, String> environment) {
        Map<String, String> env = new java.util.HashMap<>(offline.environment());
        env.putAll(environment);
        return runners.computeIfAbsent(waitScale + " " + new java.util.TreeMap<>(localValues) + " " + new java.util.TreeMap<>(environment),
                k -> LocalRunner.builder().projectRoot(ProjectRoot.get()).environment(env).localValues(localValues)
                        .waitScale(waitScale).historyDir(history).quiet().build());
    }

    /** The workflow input of a sample event for another account, routed as the intake routes it; the fixtures made when {@code prepare}. */
    EventRouting.Routed route(LocalRunner runner, JsonNode event, boolean prepare) {
        try {
            EventRouting.Routed routed = runner.eventRouting().route(event);
            if (prepare) offline.prepare(runner, routed.workflow(), routed.input());
            return routed;
        } catch (EventRouting.Rejected e) {
            throw new IllegalArgumentException(e.getMessage() + " " + e.violations(), e);
        }
    }

    Execution run(LocalRunner runner, EventRouting.Routed routed, String suffix) {
        return runner.run(routed.workflow(), routed.input(), routed.executionName() + suffix);
    }

    /** Control Tower's sample event for {@code account} (its own event id, so its own execution name). */
    static ObjectNode controlTowerEvent(String account) {
        ObjectNode e = SampleEvents.copy("controltower-create-managed-account.json");
        ((ObjectNode) e.at("/detail/serviceEventDetails/createManagedAccountStatus/account")).put("accountId", account);
        e.put("id", "ct-" + account);
        return e;
    }

    /** Organizations' sample event for {@code account}. */
    static ObjectNode organizationsEvent(String account) {
        ObjectNode e = SampleEvents.copy("organizations-create-account-result.json");
        ObjectNode status = (ObjectNode) e.at("/detail/serviceEventDetails/createAccountStatus");
        status.put("accountId", account);
        status.put("id", "car-" + account);
        return e;
    }

    /** Clients acting in {@code account} of moto (through any role there: moto lets any role be assumed). */
    TargetClients in(String account) {
        try (StsClient sts = AwsClients.build(StsClient.builder(), aws)) {
            Credentials c = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + account + ":role/dbxcp-test-inspector").roleSessionName("inspector"))
                    .credentials();
            return TargetClients.of(new AwsSettings(aws.region(), aws.endpoint(), StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken())), aws.httpTimeout()));
        }
    }

    /** The events that reached the bus since the last call, oldest first. */
    List<JsonNode> events() {
        return bus.events();
    }

    List<JsonNode> events(String detailType) {
        return events().stream().filter(e -> detailType.equals(e.path("detail-type").asText())).toList();
    }

    @Override
    public void close() {
        runners.values().forEach(LocalRunner::close);
        offline.close();
    }
}
