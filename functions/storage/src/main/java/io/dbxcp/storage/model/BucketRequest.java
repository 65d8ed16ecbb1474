package io.dbxcp.storage.model;

/** One bucket of a request, as asked (events/schemas/bucket-mount-request.schema.json). */
public record BucketRequest(String bucket, String mountName, String instanceProfileArn, String roleArn, String kmsKeyArn,
                            Boolean readOnly) {}
