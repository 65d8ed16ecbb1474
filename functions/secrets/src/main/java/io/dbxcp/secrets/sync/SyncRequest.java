package io.dbxcp.secrets.sync;

/** The input of the sync Tasks: the secret, by name or ARN (the state machine passes {@code $.request.secretId}). */
public record SyncRequest(String secretId) {}
