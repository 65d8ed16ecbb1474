package io.dbxcp.keys.model;

import java.util.List;

/** The workspaces a replacement updates ({@code $.targets}); {@code count} lets a Choice skip an empty list. */
public record Targets(List<WorkspaceTarget> workspaces, int count, String selectedBy) {}
