package io.dbxcp.keys.model;

/** The replacement key's configuration in the Databricks account ({@code $.newKey}). */
public record NewKey(String keyArn, KeyUse useCase, String customerManagedKeyId, boolean created, boolean reuseKeyForClusterVolumes) {}
