package io.dbxcp.keys.model;

import java.util.List;

/**
 * The {@code request} of a rotate-key execution, as the intake normalises it (or a console user
 * gives it). Which fields are set depends on {@link #kind}:
 * <ul>
 *   <li>ROTATED: {@code keyArn};</li>
 *   <li>DISABLED, POLICY_CHANGED: {@code keyArn, changedBy, changedAt};</li>
 *   <li>DELETION_SCHEDULED: also {@code deletionDate} (ISO-8601) and {@code pendingWindowInDays};</li>
 *   <li>REPLACE: the {@code Key Replacement Requested} detail: {@code requestId, useCase, newKeyArn} and
 *       either {@code workspaceIds} or {@code oldKeyArn}, and {@code waitForIdleComputeMinutes} (default 0).</li>
 * </ul>
 */
public record KeyRequest(
        Kind kind,
        String keyArn,
        String changedBy,
        String changedAt,
        String deletionDate,
        Integer pendingWindowInDays,
        String requestId,
        KeyUse useCase,
        String newKeyArn,
        List<Long> workspaceIds,
        String oldKeyArn,
        Integer waitForIdleComputeMinutes) {}
