package io.dbxcp.storage.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The state of one bucket's iteration of the Map: what the Map gave it, and what each step added
 * under its ResultPath. Handlers read what they need and return only their own part.
 *
 * @param executionName the execution's name: part of the job run's idempotency token
 * @param error         {@code $.error}: a caught error (Error, Cause)
 * @param failedStep    {@code $.failedStep}: the step that failed
 */
public record BucketState(String requestId, String executionName, Mode mode, WorkspaceRef workspace, BucketPlan bucket,
                          MountCheck check, ProfileRegistration instanceProfile, MountRun run, CredentialRef credential,
                          JsonNode error, String failedStep) {}
