package io.dbxcp.storage.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The state of a mount-buckets execution: the normalised request, its workspace and its buckets as
 * the first state leaves them, then {@code $.results} (one per bucket, from the Map) or, when the
 * request could not be worked on, {@code $.error} and {@code $.failedStep}.
 */
public record MountExecution(String workflow, JsonNode trigger, MountRequest request, WorkspaceRef workspace,
                             List<BucketPlan> buckets, List<BucketResult> results, JsonNode error, String failedStep) {}
