package io.dbxcp.local.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Receives an execution's engine events in order, on the engine's reader thread. */
@FunctionalInterface
public interface EngineListener {
    /**
     * @param event an aws-local-stepfunctions event log entry ({@code type}, {@code timestamp}, {@code state}...)
     * @param pause for a Wait's StateEntered and for StateRetried: {@code {ms, scaledMs}}, else null
     */
    void onEvent(JsonNode event, JsonNode pause);
}
