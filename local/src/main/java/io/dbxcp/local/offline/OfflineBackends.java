package io.dbxcp.local.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.template.ResolvedDefinition;
import io.dbxcp.local.template.TemplateBindings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

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
    private final Optional<DatabricksBackend> databricks;
    private final Map<String, String> environment;
    private final PrintStream log;

    private OfflineBackends(MotoServer moto, Optional<DatabricksBackend> databricks, PrintStream log) {
        this.moto = moto;
        this.databricks = databricks;
        this.log = log;
        Map<String, String> env = new LinkedHashMap<>(moto.environment(REGION));
        databricks.ifPresent(d -> env.putAll(d.environment()));
        this.environment = Map.copyOf(env);
    }

    /** Starts moto from the project's .venv and the Databricks emulator in this JVM. */
    public static OfflineBackends start(Path projectRoot, PrintStream log) {
        MotoServer moto = MotoServer.start(projectRoot);
        StringBuilder why = new StringBuilder();
        Optional<DatabricksBackend> databricks;
        try {
            databricks = DatabricksEmulatorLauncher.start(why);
        } catch (RuntimeException e) {
            moto.close();
            throw e;
        }
        log.println("offline: AWS is moto at " + moto.endpoint() + "; Databricks is "
                + databricks.map(DatabricksBackend::describe).orElse("not available: " + why));
        return new OfflineBackends(moto, databricks, log);
    }

    /** AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID=test..., DATABRICKS_HOST... for {@code LocalRunner.environment}. */
    public Map<String, String> environment() {
        return environment;
    }

    public MotoServer moto() {
        return moto;
    }

    public Optional<DatabricksBackend> databricks() {
        return databricks;
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
                databricks, log);
        List<FixturePreparer> preparers = new ArrayList<>();
        preparers.add(new EventBusPreparer());
        ServiceLoader.load(FixturePreparer.class).forEach(preparers::add);
        for (FixturePreparer p : preparers) {
            if (p.workflows().isEmpty() || p.workflows().contains(workflow)) {
                try {
                    p.prepare(context);
                } catch (Exception e) {
                    throw new io.dbxcp.local.LocalRunnerException("preparing " + workflow + " with "
                            + p.getClass().getName() + " failed: " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            databricks.ifPresent(DatabricksBackend::close);
        } finally {
            moto.close();
        }
    }
}
