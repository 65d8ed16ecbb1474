package io.dbxcp.keys.model;

/** One poll of a workspace after its PATCH ({@code $.status}). */
public record StatusPoll(String status, String statusMessage, int polls) {}
