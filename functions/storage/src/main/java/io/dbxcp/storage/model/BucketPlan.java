package io.dbxcp.storage.model;

/**
 * One bucket as the workflow handles it: the request's fields with everything derived from them.
 *
 * @param target                the mount point ({@code /mnt/<mountName>}) or the external location's name
 * @param source                what the target points at: {@code s3a://<bucket>} (DBFS) or {@code s3://<bucket>/} (Unity Catalog)
 * @param storageCredentialName unity-catalog: the storage credential of this bucket's role; null for dbfs-mount
 * @param readOnly              unity-catalog: the external location is read-only
 */
public record BucketPlan(String bucket, String mountName, String instanceProfileArn, String roleArn, String kmsKeyArn,
                         boolean readOnly, String target, String source, String storageCredentialName) {}
