package io.dbxcp.workspace.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.validation.RequestRules;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.time.Instant;

/**
 * The first step of provision-workspace. Accepts the intake's input ({@code {workflow, trigger,
 * request}}) and, for console executions, the bare request too; validates it with the same schema
 * and rules as the intake; returns the execution's initial state.
 */
public final class RequestValidation {

    public ProvisionState start(JsonNode input) {
        boolean wrapped = input.has("request");
        JsonNode request = wrapped ? input.path("request") : input;
        RequestRules.require("workspace-request", request, wrapped ? "request" : "input");
        JsonNode trigger = input.has("trigger") ? input.path("trigger")
                : JsonNodeFactory.instance.objectNode().put("source", "console");
        WorkspaceRequest parsed = Json.convert(request, WorkspaceRequest.class).withDefaults();
        return new ProvisionState("provision-workspace", trigger, parsed, null, null, null, null, null,
                Instant.now().toString());
    }
}
