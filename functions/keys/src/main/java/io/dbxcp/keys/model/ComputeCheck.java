package io.dbxcp.keys.model;

import java.util.List;

/**
 * One look at the classic compute of a workspace ({@code $.compute}): clusters, instance pools with
 * instances, classic SQL warehouses. {@code checks} counts the looks so far; {@code canWait} says
 * whether another wait is allowed before the request's {@code waitForIdleComputeMinutes} is spent.
 */
public record ComputeCheck(boolean idle, List<String> running, int checks, boolean canWait, String summary) {}
