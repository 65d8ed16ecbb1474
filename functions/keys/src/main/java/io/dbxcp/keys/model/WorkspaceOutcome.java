package io.dbxcp.keys.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result of one workspace: the detail of its {@code Workspace Key Updated} event and its line
 * in {@code Key Replacement Completed}.
 *
 * @param field                      the workspace field (the PATCH's update_mask)
 * @param previousKeyConfigurationId what the field held before (null: no key)
 * @param clustersMayStartAfter      after a storage key change, when clusters may be started again (the change takes about 20 minutes)
 * @param reason                     why it was refused or failed, or what to know
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkspaceOutcome(
        String requestId,
        long workspaceId,
        String workspaceName,
        String deploymentName,
        KeyUse useCase,
        String field,
        Outcome outcome,
        String previousKeyConfigurationId,
        String newKeyConfigurationId,
        String newKeyArn,
        String patchedAt,
        String verifiedAt,
        String clustersMayStartAfter,
        String reason,
        String failedStep,
        String error) {}
