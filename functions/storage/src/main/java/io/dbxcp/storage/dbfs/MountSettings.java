package io.dbxcp.storage.dbfs;

import io.dbxcp.common.config.Env;

/**
 * How DBFS mounts are made, from the function's environment.
 *
 * @param notebookFolder    workspace folder of the mount notebooks and their records ({@code MOUNT_NOTEBOOK_FOLDER}, default {@code /Shared/dbxcp/mount-buckets})
 * @param sparkVersion      runtime of the one-time mount cluster ({@code MOUNT_SPARK_VERSION}, default {@code 15.4.x-scala2.12}, an LTS)
 * @param nodeTypeId        its one node ({@code MOUNT_NODE_TYPE_ID}, default {@code m5d.large})
 * @param runTimeoutSeconds Databricks ends the run after this ({@code MOUNT_RUN_TIMEOUT_SECONDS}, default 1800: the state machine polls 60 times 30 s apart)
 */
public record MountSettings(String notebookFolder, String sparkVersion, String nodeTypeId, int runTimeoutSeconds) {
    public static final MountSettings DEFAULTS = new MountSettings("/Shared/dbxcp/mount-buckets", "15.4.x-scala2.12", "m5d.large", 1800);

    public static MountSettings fromEnv() {
        Env.Reader env = Env.reader();
        String folder = env.optional("MOUNT_NOTEBOOK_FOLDER", DEFAULTS.notebookFolder());
        String spark = env.optional("MOUNT_SPARK_VERSION", DEFAULTS.sparkVersion());
        String node = env.optional("MOUNT_NODE_TYPE_ID", DEFAULTS.nodeTypeId());
        int timeout = env.integer("MOUNT_RUN_TIMEOUT_SECONDS", DEFAULTS.runTimeoutSeconds(), 300, 86_400);
        if (!folder.startsWith("/") || folder.endsWith("/")) env.problem("MOUNT_NOTEBOOK_FOLDER must be an absolute workspace folder without a trailing '/'");
        env.check();
        return new MountSettings(folder, spark, node, timeout);
    }

    public String notebookPath(String mountName) {
        return notebookFolder + "/" + mountName;
    }

    /** The record of a verified mount: a workspace file next to its notebook. */
    public String recordPath(String mountName) {
        return notebookFolder + "/" + mountName + ".mount.json";
    }
}
