package io.dbxcp.intake;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An accepted event: the workflow to start, the execution name derived from the request's identity
 * (so a duplicate delivery meets the same name), and the workflow's input.
 */
public record Routed(Workflow workflow, String executionName, JsonNode input) {}
