package io.dbxcp.keys.model;

/**
 * A workspace a replacement request names (or that uses the old key), as read before the key is
 * registered; {@code currentKeyConfigurationId} is the id its field of the request's use case
 * holds now (null when none).
 */
public record WorkspaceTarget(long workspaceId, String workspaceName, String deploymentName, String region, String status,
                              String currentKeyConfigurationId, boolean customerManagedVpc, String crossAccountRoleArn) {}
