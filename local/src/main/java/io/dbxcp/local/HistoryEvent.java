package io.dbxcp.local;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of an execution's history, as written to the history file. Engine events keep the names of
 * aws-local-stepfunctions (ExecutionStarted, StateEntered, StateExited, StateFailed, StateRetried, StateCaught,
 * MapIterationStarted, ParallelBranchSucceeded, ExecutionSucceeded, ExecutionFailed...); the runner adds
 * TaskSucceeded and TaskFailed for every Task it served.
 */
public record HistoryEvent(JsonNode json) {

    public long id() {
        return json.path("id").asLong();
    }

    public String type() {
        return json.path("type").asText();
    }

    /** The state's name, or null for execution-level events. */
    public String state() {
        return text("state");
    }

    public String stateType() {
        return text("stateType");
    }

    public JsonNode input() {
        return json.get("input");
    }

    public JsonNode output() {
        return json.get("output");
    }

    /** The error name of a failure (StateFailed, TaskFailed, ExecutionFailed...). */
    public String error() {
        return text("error");
    }

    /** The cause of a failure: for a Lambda error, the error payload as JSON text. */
    public String cause() {
        return text("cause");
    }

    /** A field of the event, e.g. {@code retry}, {@code catch}, {@code wait}, {@code next}, {@code function}. */
    public JsonNode get(String field) {
        return json.path(field);
    }

    public boolean is(String type, String state) {
        return type.equals(type()) && state.equals(state());
    }

    private String text(String field) {
        JsonNode v = json.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return Json.write(json);
    }
}
