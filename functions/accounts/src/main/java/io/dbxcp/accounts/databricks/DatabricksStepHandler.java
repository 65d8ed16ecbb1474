package io.dbxcp.accounts.databricks;

import io.dbxcp.accounts.OnboardingStepHandler;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.SecretCredentialsReader;

/** An onboarding step that talks to the Databricks Account API: its clients are built on first use (SnapStart), from the environment. */
abstract class DatabricksStepHandler<O> extends OnboardingStepHandler<O> {
    protected final DatabricksRegistration registration;

    protected DatabricksStepHandler() {
        this(SecretCredentialsReader.clientsFromEnv(AwsSettings.fromEnv()));
    }

    protected DatabricksStepHandler(DatabricksClients clients) {
        this.registration = new DatabricksRegistration(clients::account);
    }
}
