package io.dbxcp.storage.model;

/** What was done for one bucket. */
public enum Outcome {
    /** dbfs-mount: mounted (or re-mounted) by this run's job, and seen in DBFS. */
    MOUNTED,
    /** dbfs-mount: already mounted at the asked source with the asked key; nothing was done. */
    ALREADY_MOUNTED,
    /** unity-catalog: the external location was created (its storage credential created or reused). */
    CREATED,
    /** unity-catalog: the storage credential and the external location exist and match; nothing was done. */
    ALREADY_EXISTS,
    /** The bucket failed; the others were still handled. The result names the step and the cause. */
    FAILED;

    public boolean succeeded() {
        return this != FAILED;
    }
}
