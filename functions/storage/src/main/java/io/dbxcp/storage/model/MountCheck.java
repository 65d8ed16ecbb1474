package io.dbxcp.storage.model;

/**
 * What DBFS and the workspace say about a mount point before anything is done.
 *
 * @param present        DBFS has the mount point
 * @param recorded       the record dbxcp wrote when it last verified this mount point exists
 * @param alreadyMounted present and recorded with the asked source and key: nothing to do
 * @param reason         why it is (not) already mounted, for the history and the logs
 */
public record MountCheck(String mountPoint, boolean present, boolean recorded, boolean alreadyMounted, String reason) {}
