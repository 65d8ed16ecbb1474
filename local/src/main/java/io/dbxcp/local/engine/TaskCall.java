package io.dbxcp.local.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** A Task state the engine hands to Java: its state name, Resource and effective input (after Parameters). */
public record TaskCall(String executionId, String state, String resource, JsonNode input) {
}
