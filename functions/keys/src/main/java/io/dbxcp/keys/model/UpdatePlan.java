package io.dbxcp.keys.model;

/**
 * Whether a workspace is patched ({@code $.plan}): {@code PATCH}, or {@code SKIP} with the outcome
 * already decided (the field holds the new key already; a storage key is already set; the workspace
 * is not RUNNING). {@code maxComputeWaits} bounds the wait for idle compute.
 */
public record UpdatePlan(Action action, String field, String previousKeyConfigurationId, int maxComputeWaits, WorkspaceOutcome outcome) {
    public enum Action { PATCH, SKIP }
}
