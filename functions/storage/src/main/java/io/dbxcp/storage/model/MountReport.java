package io.dbxcp.storage.model;

import java.util.List;

/**
 * The detail of the {@code Buckets Mounted} and {@code Bucket Mount Failed} events, and the output of
 * the execution.
 *
 * @param status     SUCCEEDED (every bucket), PARTIAL (some failed), FAILED (all failed, or the request could not be worked on)
 * @param failedStep when the request could not be worked on: the state that failed; else null
 * @param cause      null when every bucket succeeded; else a sentence naming each failure
 */
public record MountReport(String requestId, Long workspaceId, Mode mode, String status, int total, int succeeded,
                          int failed, List<BucketResult> buckets, String failedStep, String error, String cause) {}
