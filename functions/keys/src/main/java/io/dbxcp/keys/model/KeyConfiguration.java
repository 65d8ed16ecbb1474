package io.dbxcp.keys.model;

import java.util.List;

/** A customer-managed key configuration of the Databricks account: its id, key ARN and use cases. */
public record KeyConfiguration(String customerManagedKeyId, String keyArn, List<String> useCases, boolean reuseKeyForClusterVolumes) {}
