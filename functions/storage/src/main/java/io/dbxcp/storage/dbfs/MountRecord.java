package io.dbxcp.storage.dbfs;

/**
 * What dbxcp writes next to a mount's notebook once it has seen the mount in DBFS: DBFS's API does
 * not tell a mount's source or encryption settings, so this record is how a later run knows that the
 * mount point is already mounted as asked and skips it.
 */
public record MountRecord(String mountPoint, String source, String kmsKeyArn, String instanceProfileArn, long runId,
                          String requestId, String verifiedAt) {}
