package io.dbxcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.local.engine.EngineResult;
import io.dbxcp.local.engine.NodeEngine;
import io.dbxcp.local.engine.TaskCall;
import io.dbxcp.local.engine.TaskOutcome;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.events.IntakeEventRouting;
import io.dbxcp.local.history.ExecutionRecorder;
import io.dbxcp.local.tasks.EventBridgePublisher;
import io.dbxcp.local.tasks.LambdaError;
import io.dbxcp.local.tasks.LambdaFunctions;
import io.dbxcp.local.template.FunctionSpec;
import io.dbxcp.local.template.ResolvedDefinition;
import io.dbxcp.local.template.SamTemplate;
import io.dbxcp.local.template.StateMachineSpec;
import io.dbxcp.local.template.TemplateBindings;
import io.dbxcp.local.template.TemplateResolver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs the project's state machines on a real ASL engine (aws-local-stepfunctions, in Node) with every Lambda Task
 * executed in this JVM by the handler class template.yaml names for the function.
 *
 * <pre>{@code
 * try (LocalRunner runner = LocalRunner.builder()
 *         .projectRoot(root)                      // default: ProjectRoot.find()
 *         .environment(backends.environment())    // what every handler sees (endpoints, credentials)
 *         .waitScale(0.0)                         // Wait states and retry pauses take no time
 *         .build()) {
 *     Execution ex = runner.run("provision-workspace", inputJson);
 *     assertThat(ex.status()).isEqualTo("SUCCEEDED");
 * }
 * }</pre>
 *
 * A runner is thread-safe and may run several executions at once; close it to stop its Node process.
 */
public final class LocalRunner implements AutoCloseable {

    /** The account id of local ARNs (moto's default account). */
    public static final String LOCAL_ACCOUNT_ID = "123456789012";

    private static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    private static final String PUT_EVENTS = "arn:aws:states:::events:putEvents";
    private static final String START_SYNC = "arn:aws:states:::states:startExecution.sync";
    private static final String START_SYNC_2 = "arn:aws:states:::states:startExecution.sync:2";
    private static final int STATE_DATA_LIMIT_BYTES = 256 * 1024;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path projectRoot;
    private final TemplateBindings bindings;
    private final LambdaFunctions functions;
    private final EventBridgePublisher publisher;
    private final NodeEngine engine;
    private final double waitScale;
    private final Path historyDir;
    private final PrintStream progress;
    private final EventRouting eventRouting;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /** A running execution, as the Task handler needs it. */
    private record Run(String id, String arn, String name, String stateMachineArn, String stateMachine, int depth,
            ExecutionRecorder recorder) {
    }

    private LocalRunner(Builder b) {
        this.projectRoot = b.projectRoot != null ? b.projectRoot.toAbsolutePath().normalize() : ProjectRoot.find();
        Path templateFile = b.template != null ? b.template : projectRoot.resolve("template.yaml");
        SamTemplate template;
        try {
            template = Files.isRegularFile(templateFile) ? SamTemplate.load(templateFile)
                    : SamTemplate.empty(templateFile);
        } catch (IOException | RuntimeException e) {
            throw new LocalRunnerException("cannot read " + templateFile + ": " + e.getMessage(), e);
        }
        Map<String, String> environment = new LinkedHashMap<>(b.environment);
        String region = environment.getOrDefault("AWS_REGION", b.localValues.getOrDefault("AWS::Region",
                "us-east-1"));
        environment.putIfAbsent("AWS_REGION", region);
        String account = b.localValues.getOrDefault("AWS::AccountId", LOCAL_ACCOUNT_ID);
        this.bindings = new TemplateBindings(template, new TemplateResolver(template, b.localValues, region, account));
        this.progress = b.progress;
        PrintStream log = b.progress != null ? b.progress : new PrintStream(OutputStream.nullOutputStream());
        ClassLoader loader = b.classLoader != null ? b.classLoader : Thread.currentThread().getContextClassLoader();
        this.functions = new LambdaFunctions(bindings, environment, loader, log);
        this.publisher = new EventBridgePublisher(environment);
        this.waitScale = b.waitScale;
        this.eventRouting = b.eventRouting != null ? b.eventRouting : new IntakeEventRouting();
        this.historyDir = b.historyDir != null ? b.historyDir : projectRoot.resolve("local-runs");
        Path node = b.node != null ? b.node : projectRoot.resolve("node_modules/node/bin/node");
        Path script = projectRoot.resolve("local/engine/run.mjs");
        this.engine = new NodeEngine(node, script, this::serve, b.progress != null ? b.progress : System.err);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path projectRoot() {
        return projectRoot;
    }

    public TemplateBindings bindings() {
        return bindings;
    }

    /** Whether handlers receive their function's environment through {@code io.dbxcp.common.config.Env}. */
    public boolean configLayerFound() {
        return functions.configLayerFound();
    }

    /** Runs a workflow (name, logical id or definition file) with JSON input text. */
    public Execution run(String workflow, String inputJson) {
        return run(workflow, Json.parse(inputJson), null);
    }

    /** Runs a workflow (name, logical id or definition file) with {@code input}. */
    public Execution run(String workflow, JsonNode input) {
        return run(workflow, input, null);
    }

    /**
     * Runs a workflow and waits for it to end.
     *
     * @param workflow      the definition's file name without .asl.json, the state machine's logical id, or a
     *                      path to a definition file
     * @param input         the execution input (null means {})
     * @param executionName the execution name; null for a random one
     * @throws LocalRunnerException when it cannot run: unknown workflow, unresolved substitutions, a Task
     *                              resource the runner does not serve, a definition the engine rejects
     */
    public Execution run(String workflow, JsonNode input, String executionName) {
        return execute(resolve(workflow), input, executionName, null);
    }

    /**
     * Runs the workflow an EventBridge event starts (a sample from events/): the event goes through the intake's
     * routing, so the workflow, its input and the execution name are those the deployed intake would use.
     *
     * @throws EventRouting.Rejected when the intake would reject the event
     */
    public Execution runEvent(JsonNode event) throws EventRouting.Rejected {
        EventRouting.Routed routed = eventRouting.route(event);
        return run(routed.workflow(), routed.input(), routed.executionName());
    }

    /** The routing that {@link #runEvent} uses. */
    /** Handler instances built so far, by function: the cold starts this runner has had. */
    public Map<String, Integer> instancesBuilt() {
        return functions.instancesBuilt();
    }

    public EventRouting eventRouting() {
        return eventRouting;
    }

    /** The resolved definition of a workflow (name, logical id or definition file), without running it. */
    public ResolvedDefinition resolve(String workflow) {
        Path file = asDefinitionFile(workflow);
        if (file != null) {
            return bindings.definition(file);
        }
        Optional<StateMachineSpec> sm = bindings.template().stateMachine(workflow);
        if (sm.isEmpty()) {
            throw new LocalRunnerException("no state machine named '" + workflow + "' in "
                    + bindings.template().file() + "; known: " + workflows());
        }
        return bindings.definition(sm.get());
    }

    /** The workflow names of the template's state machines (their definition file names). */
    public List<String> workflows() {
        return bindings.template().stateMachines().stream().map(StateMachineSpec::workflowName).toList();
    }

    /**
     * Checks that a workflow could run: its substitutions resolve, every Task resource is served, every function
     * it calls has a handler class on the classpath or compiled under {@code functions/*}/target/classes, and the
     * ASL engine accepts the definition.
     *
     * @return the problems found; empty when it can run
     */
    public List<String> check(String workflow) {
        ResolvedDefinition d = resolve(workflow);
        List<String> problems = new ArrayList<>(d.problems());
        for (String fnId : d.functions().values().stream().distinct().toList()) {
            FunctionSpec fn = bindings.functions().get(fnId);
            if (!functions.handlerClassExists(fn) && !compiledInProject(fn.handlerClass())) {
                problems.add("function " + fnId + ": handler class " + fn.handlerClass()
                        + " is neither on the classpath nor compiled under functions/*/target/classes");
            }
        }
        if (d.definition() != null) {
            problems.addAll(unknownErrorClasses(d.definition()));
            engineValidation(d).ifPresent(problems::add);
        }
        return problems;
    }

    /**
     * ErrorEquals names that look like Java classes (a lower-case package first) but are no Throwable on the
     * classpath or under functions/*: a renamed exception would silently stop matching.
     */
    private List<String> unknownErrorClasses(JsonNode definition) {
        List<String> problems = new ArrayList<>();
        TemplateBindings.forEachState(definition, (name, state) -> {
            for (String field : List.of("Retry", "Catch")) {
                for (JsonNode rule : state.path(field)) {
                    for (JsonNode error : rule.path("ErrorEquals")) {
                        String e = error.asText();
                        if (e.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.[A-Z][A-Za-z0-9_$]*")
                                && !isThrowable(e) && !compiledInProject(e)) {
                            problems.add("State " + name + ": " + field + " ErrorEquals " + e
                                    + " is not an exception class on the classpath or under functions/*/target/classes");
                        }
                    }
                }
            }
        });
        return problems;
    }

    private boolean isThrowable(String className) {
        try {
            return Throwable.class.isAssignableFrom(Class.forName(className, false,
                    Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Optional<String> engineValidation(ResolvedDefinition d) {
        try {
            return engine.validate("check-" + ids.incrementAndGet(), d.definition()).get()
                    .map(message -> "the ASL engine rejects the definition: " + message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (ExecutionException e) {
            return Optional.of("the ASL engine failed: " + e.getCause().getMessage());
        }
    }

    private boolean compiledInProject(String className) {
        String relative = className.replace('.', '/') + ".class";
        Path functionsDir = projectRoot.resolve("functions");
        if (!Files.isDirectory(functionsDir)) {
            return false;
        }
        try (Stream<Path> modules = Files.list(functionsDir)) {
            return modules.anyMatch(m -> Files.isRegularFile(m.resolve("target/classes").resolve(relative)));
        } catch (IOException e) {
            return false;
        }
    }

    private Path asDefinitionFile(String workflow) {
        if (!(workflow.endsWith(".json") || workflow.endsWith(".yaml") || workflow.endsWith(".yml")
                || workflow.contains("/") || workflow.contains("\\"))) {
            return null;
        }
        Path p = Path.of(workflow);
        if (!p.isAbsolute() && !Files.isRegularFile(p)) {
            p = projectRoot.resolve(workflow);
        }
        if (!Files.isRegularFile(p)) {
            throw new LocalRunnerException("definition file not found: " + workflow);
        }
        return p.toAbsolutePath().normalize();
    }

    private Execution execute(ResolvedDefinition d, JsonNode input, String executionName, Run parent) {
        if (!d.runnable()) {
            throw new LocalRunnerException("cannot run " + describe(d) + ":\n  - " + String.join("\n  - ",
                    d.problems()));
        }
        JsonNode in = input == null || input.isNull() || input.isMissingNode() ? Json.object() : input;
        String smId = d.stateMachine() != null ? d.stateMachine().logicalId() : fileStem(d.source());
        String smArn = d.stateMachine() != null ? bindings.stateMachineArn(d.stateMachine())
                : bindings.resolver().stateMachineArn(smId);
        String name = executionName != null ? executionName : UUID.randomUUID().toString();
        String arn = "arn:aws:states:" + bindings.resolver().region() + ":" + bindings.resolver().accountId()
                + ":execution:" + smId + ":" + name;
        String id = "e" + ids.incrementAndGet();
        int depth = parent == null ? 0 : parent.depth() + 1;

        ObjectNode header = Json.object();
        header.put("executionArn", arn);
        header.put("name", name);
        header.put("stateMachine", smId);
        header.put("stateMachineArn", smArn);
        header.put("definition", d.source() == null ? null : relative(d.source()));
        if (parent != null) {
            header.put("parentExecutionArn", parent.arn());
        }
        header.put("waitScale", waitScale);
        ObjectNode substitutions = header.putObject("substitutions");
        d.substitutions().forEach(substitutions::put);
        header.set("input", in);

        engine.start(); // before the clock of the history starts: the first start loads Node and the engine
        ExecutionRecorder recorder = new ExecutionRecorder(header, d.definition(), progress, depth);
        recorder.started(smId, d.source() == null ? null : relative(d.source()), in);
        Run run = new Run(id, arn, name, smArn, smId, depth, recorder);
        runs.put(id, run);

        ObjectNode context = Json.object();
        ObjectNode exec = context.putObject("Execution");
        exec.put("Id", arn);
        exec.put("Name", name);
        exec.put("RoleArn", "arn:aws:iam::" + bindings.resolver().accountId() + ":role/dbxcp-local-runner");
        ObjectNode sm = context.putObject("StateMachine");
        sm.put("Id", smArn);
        sm.put("Name", smId);

        EngineResult result;
        try {
            result = engine.execute(id, d.definition(), in, context, waitScale, recorder).get();
        } catch (InterruptedException e) {
            engine.abort(id);
            Thread.currentThread().interrupt();
            throw new LocalRunnerException("interrupted while running " + smId, e);
        } catch (ExecutionException e) {
            throw new LocalRunnerException("running " + smId + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } finally {
            runs.remove(id);
        }
        if ("INVALID".equals(result.status())) {
            throw new LocalRunnerException("the ASL engine rejects " + describe(d) + ": " + result.cause());
        }
        JsonNode output = "SUCCEEDED".equals(result.status())
                ? (result.output() == null ? NullNode.instance : result.output())
                : null;
        Path file = historyDir.resolve(LocalDateTime.now().format(FILE_TIME) + "-" + safe(smId) + "-"
                + safe(name) + ".json");
        ObjectNode doc;
        try {
            doc = recorder.finish(result.status(), output, result.error(), result.cause(), file);
        } catch (IOException e) {
            throw new LocalRunnerException("cannot write the history file " + file + ": " + e.getMessage(), e);
        }
        List<HistoryEvent> history = new ArrayList<>();
        doc.path("events").forEach(e -> history.add(new HistoryEvent(e)));
        return new Execution(arn, name, smId, result.status(), in, output, result.error(), result.cause(),
                List.copyOf(history), file);
    }

    // ---- Tasks --------------------------------------------------------------------------------------------------

    private TaskOutcome serve(TaskCall call) {
        Run run = runs.get(call.executionId());
        if (run == null) {
            return TaskOutcome.Failure.fatal("States.Runtime", "unknown execution " + call.executionId());
        }
        ObjectNode details = Json.object();
        details.put("state", call.state());
        details.put("resource", call.resource());
        details.set("parameters", call.input());
        long start = System.nanoTime();
        TaskOutcome outcome;
        String resource = call.resource();
        if (resource.equals(LAMBDA_INVOKE)) {
            JsonNode payload = call.input().has("Payload") ? call.input().get("Payload") : Json.object();
            outcome = invokeFunction(call.input().path("FunctionName").asText(null), payload, true, details);
        } else if (resource.startsWith("arn:aws:lambda:")) {
            outcome = invokeFunction(resource, call.input(), false, details);
        } else if (resource.equals(PUT_EVENTS)) {
            outcome = publisher.putEvents(call.input(), run.arn(), run.stateMachineArn());
        } else if (resource.equals(START_SYNC) || resource.equals(START_SYNC_2)) {
            outcome = startExecutionSync(run, call, resource.equals(START_SYNC_2), details);
        } else {
            outcome = TaskOutcome.Failure.fatal("States.Runtime", "Task " + call.state() + ": resource " + resource
                    + " is not supported by the local runner");
        }
        details.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        switch (outcome) {
            case TaskOutcome.Success s -> {
                details.put("type", "TaskSucceeded");
                details.set("output", s.result());
            }
            case TaskOutcome.Failure f -> {
                details.put("type", "TaskFailed");
                details.put("error", f.error());
                details.put("cause", f.cause());
                if (f.fatal()) {
                    details.put("fatal", true);
                }
            }
        }
        ObjectNode ordered = Json.object();
        ordered.put("type", details.get("type").asText());
        ordered.setAll(details);
        run.recorder().task(ordered);
        return outcome;
    }

    private TaskOutcome invokeFunction(String reference, JsonNode payload, boolean invokeResult,
            ObjectNode details) {
        Optional<FunctionSpec> found = bindings.function(reference);
        if (found.isEmpty()) {
            return TaskOutcome.Failure.of("Lambda.ResourceNotFoundException",
                    "Function not found: " + reference + " (not a function of the template)");
        }
        FunctionSpec fn = found.get();
        details.put("function", fn.logicalId());
        details.put("handler", fn.handler());
        long start = System.nanoTime();
        JsonNode result;
        try {
            result = functions.invoke(fn, payload);
        } catch (LambdaError e) {
            return TaskOutcome.Failure.of(e.errorType(), e.payload());
        } catch (LambdaFunctions.HandlerNotFound e) {
            return TaskOutcome.Failure.fatal("States.Runtime", e.getMessage());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ms > fn.timeoutSeconds() * 1000L) {
            details.put("warning", fn.logicalId() + " ran " + ms + " ms, longer than its Timeout of "
                    + fn.timeoutSeconds() + " s: it would time out in AWS");
            if (progress != null) {
                progress.println("warning: " + details.get("warning").asText());
            }
        }
        if (Json.write(result).getBytes(StandardCharsets.UTF_8).length > STATE_DATA_LIMIT_BYTES) {
            return TaskOutcome.Failure.of("States.DataLimitExceeded",
                    "The state/task returned a result with a size exceeding the maximum number of bytes service"
                            + " limit.");
        }
        if (!invokeResult) {
            return new TaskOutcome.Success(result);
        }
        // What Step Functions' optimized Lambda integration returns.
        String requestId = UUID.randomUUID().toString();
        ObjectNode out = Json.object();
        out.put("ExecutedVersion", "$LATEST");
        out.set("Payload", result);
        ObjectNode http = out.putObject("SdkHttpMetadata");
        ObjectNode headers = Json.object();
        headers.put("Connection", "keep-alive");
        headers.put("Content-Type", "application/json");
        headers.put("X-Amz-Executed-Version", "$LATEST");
        headers.put("x-amzn-RequestId", requestId);
        http.set("AllHttpHeaders", allHeaders(headers));
        http.set("HttpHeaders", headers);
        http.put("HttpStatusCode", 200);
        out.putObject("SdkResponseMetadata").put("RequestId", requestId);
        out.put("StatusCode", 200);
        return new TaskOutcome.Success(out);
    }

    private static ObjectNode allHeaders(ObjectNode headers) {
        ObjectNode all = Json.object();
        headers.properties().forEach(e -> all.putArray(e.getKey()).add(e.getValue().asText()));
        return all;
    }

    private TaskOutcome startExecutionSync(Run parent, TaskCall call, boolean v2, ObjectNode details) {
        String arn = call.input().path("StateMachineArn").asText(null);
        Optional<StateMachineSpec> child = bindings.stateMachineByArn(arn);
        if (child.isEmpty()) {
            return TaskOutcome.Failure.of("StepFunctions.StateMachineDoesNotExistException",
                    "State Machine Does Not Exist: '" + arn + "'");
        }
        JsonNode input = call.input().path("Input");
        if (input.isTextual()) {
            try {
                input = Json.parse(input.asText());
            } catch (IllegalArgumentException e) {
                return TaskOutcome.Failure.of("StepFunctions.InvalidExecutionInputException",
                        "Invalid State Machine Execution Input: " + e.getMessage());
            }
        }
        String name = call.input().hasNonNull("Name") ? call.input().get("Name").asText() : null;
        long startDate = System.currentTimeMillis();
        Execution ex;
        try {
            ex = execute(bindings.definition(child.get()), input, name, parent);
        } catch (LocalRunnerException e) {
            return TaskOutcome.Failure.fatal("States.Runtime", "nested execution of " + child.get().logicalId()
                    + " could not run: " + e.getMessage());
        }
        long stopDate = System.currentTimeMillis();
        details.put("childExecutionArn", ex.executionArn());
        details.put("childHistory", ex.historyFile() == null ? null : ex.historyFile().toString());

        ObjectNode out = Json.object();
        out.put("ExecutionArn", ex.executionArn());
        if (v2) {
            out.set("Input", ex.input());
        } else {
            out.put("Input", Json.write(ex.input()));
        }
        out.putObject("InputDetails").put("Included", true);
        out.put("Name", ex.name());
        if (ex.succeeded()) {
            if (v2) {
                out.set("Output", ex.output());
            } else {
                out.put("Output", Json.write(ex.output()));
            }
            out.putObject("OutputDetails").put("Included", true);
        }
        out.put("StartDate", startDate);
        out.put("StateMachineArn", bindings.stateMachineArn(child.get()));
        out.put("Status", ex.status());
        out.put("StopDate", stopDate);
        if (ex.succeeded()) {
            return new TaskOutcome.Success(out);
        }
        out.put("Error", ex.error());
        out.put("Cause", ex.cause());
        return TaskOutcome.Failure.of("States.TaskFailed", Json.write(out));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private String describe(ResolvedDefinition d) {
        if (d.stateMachine() != null) {
            return d.stateMachine().logicalId() + (d.source() == null ? "" : " (" + relative(d.source()) + ")");
        }
        return d.source() == null ? "definition" : relative(d.source());
    }

    private String relative(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(projectRoot) ? projectRoot.relativize(abs).toString() : abs.toString();
    }

    private static String fileStem(Path file) {
        String f = file == null ? "definition" : file.getFileName().toString();
        return f.replaceAll("\\.(asl\\.)?(json|ya?ml)$", "");
    }

    private static String safe(String s) {
        String cleaned = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) : cleaned;
    }

    /** Stops the Node engine and the EventBridge client. */
    @Override
    public void close() {
        engine.close();
        publisher.close();
    }

    /** Builds a {@link LocalRunner}. */
    public static final class Builder {
        private Path projectRoot;
        private Path template;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, String> localValues = new LinkedHashMap<>();
        private double waitScale = 1.0;
        private Path historyDir;
        private PrintStream progress = System.out;
        private ClassLoader classLoader;
        private Path node;
        private EventRouting eventRouting;

        private Builder() {
        }

        /** The project's root folder (template.yaml, node_modules, local/engine). Default: {@link ProjectRoot#find()}. */
        public Builder projectRoot(Path root) {
            this.projectRoot = root;
            return this;
        }

        /** The SAM template. Default: template.yaml in the project root. */
        public Builder template(Path template) {
            this.template = template;
            return this;
        }

        /**
         * Environment variables every handler sees, on top of its function's template Environment (these win):
         * AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID..., DATABRICKS_HOST... They also configure the
         * EventBridge client of events:putEvents.
         */
        public Builder environment(Map<String, String> variables) {
            this.environment.putAll(variables);
            return this;
        }

        public Builder environment(String name, String value) {
            this.environment.put(name, value);
            return this;
        }

        /**
         * Values for template references that have no local stand-in: {@code Param} for {@code !Ref Param},
         * {@code Res.Attr} for {@code !GetAtt Res.Attr}, {@code AWS::AccountId}, {@code ImportValue:name}.
         */
        public Builder localValues(Map<String, String> values) {
            this.localValues.putAll(values);
            return this;
        }

        public Builder localValue(String name, String value) {
            this.localValues.put(name, value);
            return this;
        }

        /**
         * Multiplies the duration of Wait states and of the pauses between retries: 1 (default) is real time,
         * 0.01 makes a 30 s wait take 0.3 s, 0 makes them instant.
         */
        public Builder waitScale(double scale) {
            if (scale < 0 || Double.isNaN(scale)) {
                throw new IllegalArgumentException("waitScale must be >= 0");
            }
            this.waitScale = scale;
            return this;
        }

        /** Where history files go. Default: local-runs/ in the project root. */
        public Builder historyDir(Path dir) {
            this.historyDir = dir;
            return this;
        }

        /** Where progress is printed (default System.out). */
        public Builder progress(PrintStream out) {
            this.progress = out;
            return this;
        }

        /** Prints nothing. */
        public Builder quiet() {
            this.progress = null;
            return this;
        }

        /** Where handler classes are loaded from. Default: the thread's context class loader. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /** The Node 22+ binary. Default: node_modules/node/bin/node in the project root. */
        public Builder node(Path node) {
            this.node = node;
            return this;
        }

        /** How {@link LocalRunner#runEvent} turns events into workflow inputs. Default: the intake's router. */
        public Builder eventRouting(EventRouting routing) {
            this.eventRouting = routing;
            return this;
        }

        public LocalRunner build() {
            return new LocalRunner(this);
        }
    }
}
