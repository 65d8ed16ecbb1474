package io.dbxcp.storage.model;

import java.util.List;

/** A bucket mount request (the intake's {@code request}), validated by the first state. */
public record MountRequest(String requestId, long workspaceId, Mode mode, String storageCredentialName,
                           List<BucketRequest> buckets) {}
