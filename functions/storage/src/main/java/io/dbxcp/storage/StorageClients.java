package io.dbxcp.storage;

import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.SecretCredentialsReader;

/**
 * The clients a mount-buckets handler builds once, from its environment, in its no-arg constructor:
 * nothing here calls the network (the Databricks clients are built on first use).
 */
public record StorageClients(AwsSettings aws, DatabricksClients databricks) {
    public static StorageClients fromEnv() {
        AwsSettings aws = AwsSettings.fromEnv();
        return new StorageClients(aws, SecretCredentialsReader.clientsFromEnv(aws));
    }
}
