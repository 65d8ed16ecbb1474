package io.dbxcp.storage.model;

/**
 * The one-time job run that mounts a bucket, as of the last poll.
 *
 * @param polls     how many times it was polled (the state machine bounds it)
 * @param done      it reached a final life cycle state
 * @param succeeded done with result SUCCESS
 * @param summary   a sentence for people: the run, its states and Databricks' state message
 */
public record MountRun(long runId, String notebookPath, String idempotencyToken, int polls, String lifeCycleState,
                       String resultState, String stateMessage, boolean done, boolean succeeded, String summary,
                       String runPageUrl) {}
