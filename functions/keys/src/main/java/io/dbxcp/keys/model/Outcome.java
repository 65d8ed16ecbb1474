package io.dbxcp.keys.model;

/** How the replacement ended for one workspace. */
public enum Outcome {
    /** PATCHed, RUNNING again, and the field holds the new key (re-read). */
    UPDATED,
    /** The field held the new key already: nothing was sent (a rerun). */
    ALREADY_SET,
    /** Not sent because Databricks would refuse it or it would be wrong (a storage key already set; not RUNNING). */
    REFUSED,
    /** Tried and failed: compute kept running, the PATCH or the poll failed, or the field does not hold the new key afterwards. */
    FAILED;

    public boolean succeeded() {
        return this == UPDATED || this == ALREADY_SET;
    }
}
