package io.dbxcp.workspace.compensate;

import io.dbxcp.workspace.model.Ref;
import java.util.List;

/**
 * What the {@code Workspace Provisioning Failed} event says: the step that failed, the cause, and
 * what the run cleaned up, what it left (and why), and what it could not clean.
 */
public record FailureReport(
        String requestId,
        String workspaceName,
        Long workspaceId,
        String failedStep,
        String error,
        String cause,
        List<Ref> cleanedUp,
        List<Kept> kept,
        List<Kept> notCleaned) {

    /** An object left in place, and why (reused, not ours to delete, still in use, or the error that stopped its clean-up). */
    public record Kept(Ref ref, String reason) {}
}
