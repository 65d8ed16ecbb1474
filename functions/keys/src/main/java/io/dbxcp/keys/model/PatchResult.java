package io.dbxcp.keys.model;

/**
 * The PATCH of a workspace ({@code $.patch}). {@code sent} false with {@code blockedByCompute}:
 * Databricks refused it because compute started after the check (INVALID_STATE), and the state
 * machine goes back to waiting if it may.
 */
public record PatchResult(boolean sent, boolean blockedByCompute, String updateMask, String patchedAt, String statusAfter, String message) {}
