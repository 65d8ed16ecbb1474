package io.dbxcp.keys.model;

/**
 * What started a rotate-key execution ({@code request.kind}, set by the intake): a KMS automatic
 * rotation, a replacement request, or a CloudTrail record of a change that may cut Databricks off.
 */
public enum Kind {
    /** {@code aws.kms / KMS CMK Rotation}: new key material, same ARN. Verified. */
    ROTATED,
    /** {@code dbxcp.controlplane / Key Replacement Requested}: a new key ARN for workspaces, by PATCH. */
    REPLACE,
    /** CloudTrail {@code DisableKey}. */
    DISABLED,
    /** CloudTrail {@code ScheduleKeyDeletion}: the deletion date is the deadline. */
    DELETION_SCHEDULED,
    /** CloudTrail {@code PutKeyPolicy}: checked; at risk only if Databricks lost a grant it needs. */
    POLICY_CHANGED;

    /** Whether this kind checks one key (every kind but {@link #REPLACE}). */
    public boolean checksAKey() {
        return this != REPLACE;
    }
}
