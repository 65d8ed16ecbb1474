package io.dbxcp.local.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.local.Json;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Prints an execution's progress as it happens, one line per history event: states entered and left with their
 * duration, failures and retries with the error, the branch a Choice took, waits, caught errors, events put on the
 * bus and nested executions. Nested states (Parallel branches, Map iterations, child executions) are indented.
 */
final class ProgressPrinter {

    private final PrintStream out;
    private final String indent;
    private final Map<String, Integer> depths;
    private final Symbols sym;

    private record Symbols(String enter, String exit, String fail, String retry, String choice, String pause,
            String caught, String event, String start, String end, String arrow) {
    }

    private static final Symbols UNICODE = new Symbols("→", "✓", "✗", "↻", "⑂", "⏸", "⚑", "✉", "▶", "■", "→");
    private static final Symbols ASCII = new Symbols(">", "ok", "x", "~", "?", "z", "!", "@", ">>", "==", "->");

    ProgressPrinter(PrintStream out, int executionDepth, Map<String, Integer> stateDepths) {
        this.out = out;
        this.indent = "  ".repeat(executionDepth);
        this.depths = stateDepths;
        this.sym = StandardCharsets.UTF_8.equals(out.charset()) ? UNICODE : ASCII;
    }

    void started(String title, String executionArn, String source, JsonNode input) {
        out.println(indent + sym.start() + " " + title + "  " + executionArn + (source == null ? "" : "  (" + source
                + ")"));
        out.println(indent + "  input " + abbreviate(Json.write(input), 400));
    }

    void print(JsonNode e) {
        String type = e.path("type").asText();
        String state = e.path("state").asText();
        String where = indent + "  ".repeat(1 + depths.getOrDefault(state, 0));
        String at = e.has("mapIndex") ? "[" + e.get("mapIndex").asInt() + "]" : "";
        String name = state + at;
        switch (type) {
            case "StateEntered" -> {
                String line = where + sym.enter() + " " + name + "  (" + e.path("stateType").asText() + ")";
                if (e.has("wait")) {
                    line += "  waits " + seconds(e.path("wait").path("ms").asLong())
                            + scaled(e.path("wait").path("ms").asLong(), e.path("wait").path("scaledMs").asLong());
                }
                out.println(line);
            }
            case "StateExited" -> {
                String duration = e.has("durationMs") ? "  " + millis(e.get("durationMs").asLong()) : "";
                if (e.has("next")) {
                    out.println(where + sym.choice() + " " + name + " " + sym.arrow() + " " + e.get("next").asText()
                            + duration);
                } else {
                    out.println(where + sym.exit() + " " + name + duration);
                }
            }
            case "StateFailed" -> out.println(where + sym.fail() + " " + name + " failed: " + e.path("error").asText()
                    + message(e.path("cause").asText()));
            case "StateRetried" -> {
                JsonNode retry = e.path("retry");
                out.println(where + sym.retry() + " " + name + " retry " + retry.path("attempt").asInt()
                        + " (" + retry.path("errorEquals") + ") after "
                        + seconds(retry.path("pauseMs").asLong())
                        + scaled(retry.path("pauseMs").asLong(), retry.path("scaledPauseMs").asLong()));
            }
            case "StateCaught" -> {
                JsonNode c = e.path("catch");
                out.println(where + sym.caught() + " " + name + " caught (" + c.path("errorEquals") + ") "
                        + sym.arrow() + " " + c.path("next").asText()
                        + (c.hasNonNull("resultPath") ? "  ResultPath " + c.get("resultPath").asText() : ""));
            }
            case "TaskSucceeded" -> {
                if (e.path("resource").asText().endsWith(":events:putEvents")) {
                    for (JsonNode entry : e.path("parameters").path("Entries")) {
                        out.println(where + "  " + sym.event() + " event on bus "
                                + entry.path("EventBusName").asText("default") + ": "
                                + entry.path("Source").asText() + " / " + entry.path("DetailType").asText() + " "
                                + abbreviate(Json.write(entry.path("Detail")), 600));
                    }
                }
            }
            case "TaskFailed" -> {
                if (e.path("fatal").asBoolean()) {
                    out.println(where + "  " + sym.fail() + " " + e.path("cause").asText());
                }
            }
            case "MapIterationFailed", "ParallelBranchFailed" -> out.println(where + sym.fail() + " "
                    + e.path("parentState").asText() + at + " " + type.replace("Failed", "").toLowerCase()
                    + " failed: " + e.path("error").asText());
            default -> {
                // ExecutionStarted/Succeeded/Failed are printed by started()/finished(); the rest is history only.
            }
        }
    }

    void finished(String status, long durationMs, JsonNode output, String error, String cause, String history) {
        out.println(indent + sym.end() + " " + status + " in " + millis(durationMs));
        if (!indent.isEmpty()) {
            return;
        }
        if ("SUCCEEDED".equals(status)) {
            out.println("output:");
            out.println(Json.pretty(output));
        } else {
            out.println("error: " + error);
            out.println("cause: " + prettyCause(cause));
        }
        if (history != null) {
            out.println("history: " + history);
        }
    }

    private static String prettyCause(String cause) {
        if (cause == null) {
            return "";
        }
        try {
            JsonNode parsed = Json.parse(cause);
            return parsed.isContainerNode() ? Json.pretty(parsed) : cause;
        } catch (IllegalArgumentException e) {
            return cause;
        }
    }

    private static String message(String cause) {
        try {
            JsonNode parsed = Json.parse(cause);
            if (parsed.hasNonNull("errorMessage")) {
                return ": " + parsed.get("errorMessage").asText();
            }
        } catch (IllegalArgumentException e) {
            // a plain-text cause
        }
        return cause.isBlank() ? "" : ": " + abbreviate(cause, 300);
    }

    private static String scaled(long ms, long scaledMs) {
        return ms == scaledMs ? "" : " (scaled: " + seconds(scaledMs) + ")";
    }

    static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format("%.2f s", ms / 1000.0);
    }

    static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format("%.2f s", ms / 1000.0);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
