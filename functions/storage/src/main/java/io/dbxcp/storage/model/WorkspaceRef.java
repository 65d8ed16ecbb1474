package io.dbxcp.storage.model;

/**
 * The workspace the buckets are for: its id, and the deployment name its API host derives from. The
 * provisioning workflow passes all three; a mount request names the id only and the first state
 * reads the rest from the Account API (one call).
 */
public record WorkspaceRef(long workspaceId, String deploymentName, String workspaceName) {}
