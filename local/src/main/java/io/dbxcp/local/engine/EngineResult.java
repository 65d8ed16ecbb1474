package io.dbxcp.local.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How an execution ended on the engine.
 *
 * @param status SUCCEEDED, FAILED, TIMED_OUT, ABORTED, or INVALID (the engine rejected the definition)
 */
public record EngineResult(String status, JsonNode output, String error, String cause) {
}
