package io.dbxcp.accounts.model;

import java.util.List;

/** What EnsureBuckets made or found: the root bucket, the log bucket and a bucket per data lake layer, all SSE-KMS with the storage key. */
public record BucketsResult(Bucket root, Bucket logs, List<Bucket> data, List<Change> changes) {

    /** @param purpose {@code root}, {@code logs} or the data lake layer */
    public record Bucket(String purpose, String name, String arn, String kmsKeyArn) {}
}
