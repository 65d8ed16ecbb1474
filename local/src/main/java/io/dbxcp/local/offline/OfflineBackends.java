package io.dbxcp.local.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.DatabricksEmulator;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.LocalRunnerException;
import io.dbxcp.local.template.ResolvedDefinition;
import io.dbxcp.local.template.TemplateBindings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * The offline world of a default local run: moto (AWS) and the Databricks emulator, started on free ports of
 * 127.0.0.1, with the environment that points the handlers at them, and the fixture preparers that create what a
 * workflow's sample event expects. Close it to stop both.
 *
 * <pre>{@code
 * try (OfflineBackends offline = OfflineBackends.start(root, System.out);
 *      LocalRunner runner = LocalRunner.builder().environment(offline.environment()).waitScale(0).build()) {
 *     offline.prepare(runner, "provision-workspace", input);
 *     Execution ex = runner.run("provision-workspace", input);
 * }
 * }</pre>
 */
public final class OfflineBackends implements AutoCloseable {

    /** The region of the offline world. */
    public static final String REGION = "us-east-1";

    private final MotoServer moto;
    private final DatabricksEmulator emulator;
    private final Map<String, String> environment;
    private final PrintStream log;

    private OfflineBackends(MotoServer moto, DatabricksEmulator emulator, PrintStream log) {
        this.moto = moto;
        this.emulator = emulator;
        this.log = log;
        Map<String, String> env = new LinkedHashMap<>(moto.environment(REGION));
        // DATABRICKS_HOST, DATABRICKS_ACCOUNT_ID and the account admin's DATABRICKS_CLIENT_ID / _SECRET (fake)
        env.putAll(emulator.env());
        // Offline, the admin credentials come as DATABRICKS_CLIENT_ID/_SECRET; the deployed functions
        // read them from the secret the template names, which does not exist here.
        env.put("DATABRICKS_CREDENTIALS_SECRET", "");
        this.environment = Map.copyOf(env);
    }

    /** Starts moto from the project's .venv and the Databricks emulator (its defaults) in this JVM. */
    public static OfflineBackends start(Path projectRoot, PrintStream log) {
        return start(projectRoot, log, builder -> { });
    }

    /**
     * Starts moto from the project's .venv and the Databricks emulator in this JVM, on free ports.
     *
     * @param emulatorOptions tunes the emulator before it starts (provisioning time, failing workspaces...)
     */
    public static OfflineBackends start(Path projectRoot, PrintStream log,
            Consumer<DatabricksEmulator.Builder> emulatorOptions) {
        MotoServer moto = MotoServer.start(projectRoot);
        DatabricksEmulator emulator;
        try {
            DatabricksEmulator.Builder builder = DatabricksEmulator.builder().port(0);
            emulatorOptions.accept(builder);
            emulator = builder.start();
        } catch (RuntimeException e) {
            moto.close();
            throw new LocalRunnerException("cannot start the Databricks emulator: " + e.getMessage(), e);
        }
        log.println("offline: AWS is moto at " + moto.endpoint() + "; Databricks is the emulator at "
                + emulator.baseUrl() + " (account " + emulator.accountId() + ")");
        return new OfflineBackends(moto, emulator, log);
    }

    /** AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID=test..., DATABRICKS_HOST... for {@code LocalRunner.environment}. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Settings that point AWS clients at moto, in its region. */
    public io.dbxcp.common.aws.AwsSettings aws() {
        return awsSettings(environment);
    }

    /** Settings that point AWS clients at the endpoint and credentials an offline environment names. */
    public static io.dbxcp.common.aws.AwsSettings awsSettings(Map<String, String> env) {
        return new io.dbxcp.common.aws.AwsSettings(software.amazon.awssdk.regions.Region.of(env.getOrDefault("AWS_REGION", REGION)),
                java.net.URI.create(env.get("AWS_ENDPOINT_URL")),
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        env.getOrDefault("AWS_ACCESS_KEY_ID", "testing"), env.getOrDefault("AWS_SECRET_ACCESS_KEY", "testing"))),
                java.time.Duration.ofSeconds(10));
    }

    public MotoServer moto() {
        return moto;
    }

    /** The running emulator: its state, faults on demand, scenario knobs, request log. */
    public DatabricksEmulator emulator() {
        return emulator;
    }

    /** Runs the fixture preparers for a workflow of {@code runner} (name, logical id or definition file). */
    public void prepare(LocalRunner runner, String workflow, JsonNode input) {
        ResolvedDefinition d = runner.resolve(workflow);
        String name = d.stateMachine() != null ? d.stateMachine().workflowName() : workflow;
        prepare(name, input, d, runner.bindings());
    }

    /**
     * Runs the fixture preparers for {@code workflow}: the built-in {@link EventBusPreparer} and every
     * {@link FixturePreparer} on the class path ({@link ServiceLoader}) that names the workflow.
     */
    public void prepare(String workflow, JsonNode input, ResolvedDefinition definition, TemplateBindings bindings) {
        FixtureContext context = new FixtureContext(workflow, input, definition.definition(), bindings, environment,
                emulator, log);
        List<FixturePreparer> preparers = new ArrayList<>();
        preparers.add(new EventBusPreparer());
        ServiceLoader.load(FixturePreparer.class).forEach(preparers::add);
        for (FixturePreparer p : preparers) {
            if (p.workflows().isEmpty() || p.workflows().contains(workflow)) {
                try {
                    p.prepare(context);
                } catch (Exception e) {
                    throw new LocalRunnerException("preparing " + workflow + " with "
                            + p.getClass().getName() + " failed: " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            emulator.close();
        } finally {
            moto.close();
        }
    }
}
