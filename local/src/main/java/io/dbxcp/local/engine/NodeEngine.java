package io.dbxcp.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.local.Json;
import io.dbxcp.local.LocalRunnerException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ASL engine: one Node process running {@code local/engine/run.mjs} (aws-local-stepfunctions), driven
 * over its stdin/stdout with JSON lines. Executions run concurrently (nested ones too); each Task call comes
 * back to Java and is served by the {@link TaskHandler} on a worker thread.
 */
public final class NodeEngine implements AutoCloseable {

    private final Path node;
    private final Path script;
    private final TaskHandler tasks;
    private final PrintStream diagnostics;
    private final ExecutorService workers;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<String>>> validations = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private Process process;
    private BufferedWriter stdin;
    private volatile boolean closed;

    private record Running(EngineListener listener, CompletableFuture<EngineResult> result) {
    }

    /**
     * @param node        the Node 22+ binary
     * @param script      run.mjs; it imports aws-local-stepfunctions from the node_modules above it
     * @param tasks       serves Task states
     * @param diagnostics where the engine's stderr goes
     */
    public NodeEngine(Path node, Path script, TaskHandler tasks, PrintStream diagnostics) {
        this.node = node;
        this.script = script;
        this.tasks = tasks;
        this.diagnostics = diagnostics;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dbxcp-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the Node process if it is not running yet, and waits until the engine is loaded. */
    public synchronized void start() {
        if (process != null) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("engine closed");
        }
        if (!Files.isExecutable(node)) {
            throw new LocalRunnerException("Node 22+ not found at " + node
                    + ": run `npm ci` in the project root (scripts/run and scripts/test do it for you)");
        }
        if (!Files.isRegularFile(script)) {
            throw new LocalRunnerException("engine script not found: " + script);
        }
        try {
            process = new ProcessBuilder(List.of(node.toString(), script.toString()))
                    .directory(script.getParent().toFile())
                    .start();
        } catch (IOException e) {
            throw new LocalRunnerException("cannot start " + node + ": " + e.getMessage(), e);
        }
        stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread out = new Thread(this::readStdout, "dbxcp-engine-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::readStderr, "dbxcp-engine-err");
        err.setDaemon(true);
        err.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new LocalRunnerException("the ASL engine did not start within 60 s");
        } catch (Exception e) {
            throw new LocalRunnerException("the ASL engine did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Starts an execution; the future completes when it ends. {@code definition} is the ASL after
     * substitution; {@code context} is the Context Object ({@code $$}) without {@code Execution.Input}.
     */
    public CompletableFuture<EngineResult> execute(String executionId, JsonNode definition, JsonNode input,
            JsonNode context, double waitScale, EngineListener listener) {
        start();
        CompletableFuture<EngineResult> result = new CompletableFuture<>();
        running.put(executionId, new Running(listener, result));
        ObjectNode message = Json.object();
        message.put("op", "start");
        message.put("exec", executionId);
        message.set("definition", definition);
        message.set("input", input);
        message.set("context", context);
        message.put("waitScale", waitScale);
        send(message);
        return result;
    }

    /**
     * Asks the engine whether it accepts {@code definition} (aws-local-stepfunctions validates with asl-validator).
     *
     * @return empty when valid, else the engine's message
     */
    public CompletableFuture<Optional<String>> validate(String id, JsonNode definition) {
        start();
        CompletableFuture<Optional<String>> result = new CompletableFuture<>();
        validations.put(id, result);
        ObjectNode message = Json.object();
        message.put("op", "validate");
        message.put("exec", id);
        message.set("definition", definition);
        send(message);
        return result;
    }

    /** Aborts a running execution (it ends with status ABORTED). */
    public void abort(String executionId) {
        ObjectNode message = Json.object();
        message.put("op", "abort");
        message.put("exec", executionId);
        send(message);
    }

    private void send(ObjectNode message) {
        String line = Json.write(message);
        synchronized (this) {
            if (process == null || !process.isAlive()) {
                throw new LocalRunnerException("the ASL engine is not running");
            }
            try {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            } catch (IOException e) {
                throw new LocalRunnerException("cannot talk to the ASL engine: " + e.getMessage(), e);
            }
        }
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                handleLine(line);
            }
        } catch (IOException e) {
            if (!closed) {
                diagnostics.println("[engine] output stream failed: " + e.getMessage());
            }
        } finally {
            engineGone();
        }
    }

    private void handleLine(String line) {
        JsonNode message;
        try {
            message = Json.parse(line);
        } catch (IllegalArgumentException e) {
            diagnostics.println("[engine] " + line);
            return;
        }
        String kind = message.path("kind").asText();
        String exec = message.path("exec").asText();
        switch (kind) {
            case "ready" -> ready.complete(null);
            case "event" -> {
                Running r = running.get(exec);
                if (r != null) {
                    JsonNode pause = message.get("pause");
                    try {
                        r.listener().onEvent(message.get("event"), pause == null || pause.isNull() ? null : pause);
                    } catch (RuntimeException e) {
                        diagnostics.println("[engine] event listener failed: " + e);
                    }
                }
            }
            case "task" -> {
                TaskCall call = new TaskCall(exec, message.path("state").asText(),
                        message.path("resource").asText(), message.get("input"));
                long callId = message.path("callId").asLong();
                workers.execute(() -> serve(callId, call));
            }
            case "end" -> {
                Running r = running.remove(exec);
                if (r != null) {
                    r.result().complete(new EngineResult(message.path("status").asText(), message.get("output"),
                            textOrNull(message, "error"), textOrNull(message, "cause")));
                }
            }
            case "validated" -> {
                CompletableFuture<Optional<String>> v = validations.remove(exec);
                if (v != null) {
                    v.complete(message.path("ok").asBoolean()
                            ? Optional.empty()
                            : Optional.of(message.path("message").asText()));
                }
            }
            default -> diagnostics.println("[engine] unexpected message: " + line);
        }
    }

    private void serve(long callId, TaskCall call) {
        TaskOutcome outcome;
        try {
            outcome = tasks.handle(call);
        } catch (RuntimeException | Error e) {
            outcome = TaskOutcome.Failure.fatal("States.Runtime",
                    "the local runner failed to serve " + call.resource() + ": " + e);
        }
        ObjectNode reply = Json.object();
        reply.put("op", "taskResult");
        reply.put("callId", callId);
        switch (outcome) {
            case TaskOutcome.Success s -> {
                reply.put("ok", true);
                reply.set("result", s.result());
            }
            case TaskOutcome.Failure f -> {
                reply.put("ok", false);
                reply.put("error", f.error());
                reply.put("cause", f.cause());
                reply.put("fatal", f.fatal());
            }
        }
        try {
            send(reply);
        } catch (LocalRunnerException e) {
            if (!closed) {
                diagnostics.println("[engine] " + e.getMessage());
            }
        }
    }

    private void readStderr() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                diagnostics.println("[engine] " + line);
            }
        } catch (IOException e) {
            // the process is gone; readStdout reports it
        }
    }

    private void engineGone() {
        String why = closed ? "the runner was closed" : "the ASL engine (node) exited unexpectedly";
        ready.completeExceptionally(new LocalRunnerException(why));
        running.forEach((id, r) -> r.result().completeExceptionally(new LocalRunnerException(why)));
        running.clear();
        validations.forEach((id, v) -> v.completeExceptionally(new LocalRunnerException(why)));
        validations.clear();
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (process != null) {
            try {
                stdin.close(); // run.mjs exits when its stdin closes
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdownNow();
    }
}
