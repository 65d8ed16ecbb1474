package io.dbxcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a local execution.
 *
 * @param executionArn the local execution ARN ({@code arn:aws:states:<region>:<account>:execution:<sm>:<name>})
 * @param name         the execution name
 * @param stateMachine the state machine's logical id (or the definition file's name)
 * @param status       SUCCEEDED, FAILED, TIMED_OUT or ABORTED
 * @param input        the execution input
 * @param output       the output when SUCCEEDED, else null
 * @param error        the error name when not SUCCEEDED (e.g. the class name of a Java exception)
 * @param cause        the cause when not SUCCEEDED (for a Lambda error, its JSON payload as text)
 * @param history      the events in order
 * @param historyFile  where the history was written, or null
 */
public record Execution(String executionArn, String name, String stateMachine, String status, JsonNode input,
        JsonNode output, String error, String cause, List<HistoryEvent> history, Path historyFile) {

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** The events of one type, in order. */
    public List<HistoryEvent> events(String type) {
        return history.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** The events of one type for one state, in order. */
    public List<HistoryEvent> events(String type, String state) {
        return history.stream().filter(e -> e.is(type, state)).toList();
    }

    /** The names of the states entered, in order (a state retried is entered once). */
    public List<String> statesEntered() {
        return events("StateEntered").stream().map(HistoryEvent::state).toList();
    }

    /** The output converted to {@code type} with Jackson. */
    public <T> T outputAs(Class<T> type) {
        return Json.MAPPER.convertValue(output, type);
    }
}
