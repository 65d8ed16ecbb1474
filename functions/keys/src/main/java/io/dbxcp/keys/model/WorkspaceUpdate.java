package io.dbxcp.keys.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The state of one iteration of the replacement's Map: what the state machine selects for each
 * workspace ({@code request, newKey, workspace}), then what each step adds under its ResultPath.
 * (The whole request is selected rather than some of its fields: the local ASL engine reads a path
 * to the number 0 as "no value".)
 */
public record WorkspaceUpdate(
        KeyRequest request,
        NewKey newKey,
        WorkspaceTarget workspace,
        UpdatePlan plan,
        ComputeCheck compute,
        PatchResult patch,
        StatusPoll status,
        WorkspaceOutcome outcome,
        JsonNode error,
        String failedStep) {

    public String requestId() {
        return request == null ? null : request.requestId();
    }

    public KeyUse useCase() {
        return request == null ? null : request.useCase();
    }

    /** How long the request lets a PATCH wait for running compute to stop; 0 when it does not say. */
    public int waitForIdleComputeMinutes() {
        return request == null || request.waitForIdleComputeMinutes() == null ? 0 : request.waitForIdleComputeMinutes();
    }
}
