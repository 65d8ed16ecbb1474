package io.dbxcp.workspace;

import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.SecretCredentialsReader;

/**
 * The clients a provision-workspace handler builds once, from its environment, in its no-arg
 * constructor: nothing here calls the network (the Databricks clients are built on first use).
 */
public record WorkspaceClients(AwsSettings aws, DatabricksClients databricks) {
    public static WorkspaceClients fromEnv() {
        AwsSettings aws = AwsSettings.fromEnv();
        return new WorkspaceClients(aws, SecretCredentialsReader.clientsFromEnv(aws));
    }
}
