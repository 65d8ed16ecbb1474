package io.dbxcp.local.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.local.Json;
import io.dbxcp.local.engine.EngineListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records one execution's history (the engine's events, enriched, plus the runner's Task events), prints
 * progress as events arrive, and writes the history file at the end.
 */
public final class ExecutionRecorder implements EngineListener {

    private final ObjectNode header;
    private final ArrayNode events;
    private final ProgressPrinter printer;
    private final long startMillis = System.currentTimeMillis();
    private final Map<String, Long> entered = new HashMap<>();
    private ObjectNode pendingChoice;
    private int nextId = 1;

    /**
     * @param header   execution facts for the file's top level (executionArn, name, stateMachine, ...)
     * @param definition the ASL, for indenting nested states
     * @param progress where to print, or null for silence
     * @param depth    0 for a top-level execution, 1 for a child of it...
     */
    public ExecutionRecorder(ObjectNode header, JsonNode definition, PrintStream progress, int depth) {
        this.header = header.deepCopy();
        this.events = Json.object().arrayNode();
        Map<String, Integer> depths = new HashMap<>();
        stateDepths(definition, 0, depths);
        this.printer = progress == null ? null : new ProgressPrinter(progress, depth, depths);
    }

    /** Prints the execution's first lines. */
    public void started(String title, String source, JsonNode input) {
        if (printer != null) {
            printer.started(title, header.path("executionArn").asText(), source, input);
        }
    }

    /** An engine event, in engine order (called on the engine's reader thread). */
    @Override
    public synchronized void onEvent(JsonNode event, JsonNode pause) {
        ObjectNode e = Json.object();
        String type = event.path("type").asText();
        e.put("type", type);
        long timestamp = event.path("timestamp").asLong(System.currentTimeMillis());
        JsonNode state = event.get("state");
        if (state != null) {
            e.put("state", state.path("name").asText());
            e.put("stateType", state.path("type").asText());
        }
        if (event.has("index")) {
            e.put("mapIndex", event.get("index").asInt());
        }
        if (event.has("parentState")) {
            e.put("parentState", event.path("parentState").path("name").asText());
        }
        copy(event, "input", e, "input");
        copy(state, "input", e, "input");
        copy(event, "output", e, "output");
        copy(state, "output", e, "output");
        copy(event, "Error", e, "error");
        if (event.has("Cause")) {
            JsonNode cause = event.get("Cause");
            e.put("cause", cause.isTextual() ? cause.asText() : Json.write(cause));
        }
        String key = e.path("state").asText() + "#" + e.path("mapIndex").asInt(-1);
        switch (type) {
            case "StateEntered" -> {
                entered.put(key, timestamp);
                if (pause != null && "Wait".equals(e.path("stateType").asText())) {
                    ObjectNode wait = e.putObject("wait");
                    wait.put("ms", pause.path("ms").asLong());
                    wait.put("scaledMs", pause.path("scaledMs").asLong());
                }
            }
            case "StateExited" -> {
                Long since = entered.remove(key);
                if (since != null) {
                    e.put("durationMs", timestamp - since);
                }
            }
            case "StateRetried" -> {
                JsonNode retry = event.path("retry");
                ObjectNode r = e.putObject("retry");
                r.put("attempt", retry.path("attempt").asInt());
                r.set("errorEquals", retry.path("retrier").path("ErrorEquals"));
                r.put("pauseMs", pause == null ? 0 : pause.path("ms").asLong());
                r.put("scaledPauseMs", pause == null ? 0 : pause.path("scaledMs").asLong());
                r.set("retrier", retry.path("retrier"));
            }
            case "StateCaught" -> {
                JsonNode catcher = event.path("catch").path("catcher");
                ObjectNode c = e.putObject("catch");
                c.set("errorEquals", catcher.path("ErrorEquals"));
                c.put("next", catcher.path("Next").asText());
                if (catcher.has("ResultPath")) {
                    c.set("resultPath", catcher.get("ResultPath"));
                }
            }
            default -> {
            }
        }
        // A Choice's StateExited is followed at once by the StateEntered of the branch it took.
        if (pendingChoice != null) {
            if ("StateEntered".equals(type)) {
                pendingChoice.put("next", e.path("state").asText());
            }
            print(pendingChoice);
            pendingChoice = null;
        }
        add(e, timestamp);
        if ("StateExited".equals(type) && "Choice".equals(e.path("stateType").asText())) {
            pendingChoice = e;
        } else {
            print(e);
        }
    }

    /** A Task served by the runner: what it was given and what it returned (called on a worker thread). */
    public synchronized void task(ObjectNode details) {
        ObjectNode e = Json.object();
        e.setAll(details);
        add(e, System.currentTimeMillis());
        print(e);
    }

    /**
     * Ends the history: sets the outcome, writes the file (when {@code file} is not null) and prints the result.
     *
     * @return the history document
     */
    public synchronized ObjectNode finish(String status, JsonNode output, String error, String cause, Path file)
            throws IOException {
        if (pendingChoice != null) {
            print(pendingChoice);
            pendingChoice = null;
        }
        long stop = System.currentTimeMillis();
        ObjectNode doc = Json.object();
        doc.setAll(header);
        doc.put("status", status);
        doc.put("startDate", Instant.ofEpochMilli(startMillis).toString());
        doc.put("stopDate", Instant.ofEpochMilli(stop).toString());
        doc.put("durationMs", stop - startMillis);
        doc.set("output", output);
        doc.put("error", error);
        doc.put("cause", cause);
        doc.set("events", events.deepCopy());
        if (file != null) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.pretty(doc), StandardCharsets.UTF_8);
        }
        if (printer != null) {
            printer.finished(status, stop - startMillis, output, error, cause, file == null ? null : file.toString());
        }
        return doc;
    }

    private void add(ObjectNode e, long timestamp) {
        ObjectNode ordered = Json.object();
        ordered.put("id", nextId++);
        ordered.put("timestamp", Instant.ofEpochMilli(timestamp).toString());
        ordered.put("elapsedMs", Math.max(0, timestamp - startMillis));
        ordered.setAll(e);
        e.removeAll();
        e.setAll(ordered);
        events.add(e);
    }

    private void print(JsonNode e) {
        if (printer != null) {
            printer.print(e);
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        if (from != null && from.has(field) && !to.has(as)) {
            to.set(as, from.get(field));
        }
    }

    private static void stateDepths(JsonNode definition, int depth, Map<String, Integer> out) {
        if (definition == null) {
            return;
        }
        definition.path("States").properties().forEach(s -> {
            out.put(s.getKey(), depth);
            List<JsonNode> nested = new ArrayList<>();
            s.getValue().path("Branches").forEach(nested::add);
            if (s.getValue().has("Iterator")) {
                nested.add(s.getValue().get("Iterator"));
            }
            if (s.getValue().has("ItemProcessor")) {
                nested.add(s.getValue().get("ItemProcessor"));
            }
            nested.forEach(n -> stateDepths(n, depth + 1, out));
        });
    }
}
