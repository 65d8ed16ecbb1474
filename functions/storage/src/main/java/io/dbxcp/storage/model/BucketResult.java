package io.dbxcp.storage.model;

/**
 * The result of one bucket: what was done, where it points, and for a failure the step and the cause.
 *
 * @param target                the mount point or the external location's name
 * @param source                {@code s3a://bucket} (mount) or {@code s3://bucket/} (external location)
 * @param instanceProfileArn    dbfs-mount: the profile the mount cluster ran with
 * @param runId                 dbfs-mount: the job run that mounted it (null when nothing ran)
 * @param storageCredentialName unity-catalog: the credential of the external location
 */
public record BucketResult(String bucket, String mountName, Outcome outcome, String target, String source,
                           String instanceProfileArn, Long runId, String storageCredentialName, String failedStep,
                           String error, String cause) {}
