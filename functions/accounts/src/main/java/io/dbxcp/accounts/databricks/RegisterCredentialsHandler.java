package io.dbxcp.accounts.databricks;

import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.accounts.model.Registration;
import io.dbxcp.common.databricks.DatabricksClients;

/** State RegisterCredentials: the cross-account role as Databricks credentials (retried through IAM eventual consistency). */
public final class RegisterCredentialsHandler extends DatabricksStepHandler<Registration> {
    public RegisterCredentialsHandler() {
        super();
    }

    RegisterCredentialsHandler(DatabricksClients clients) {
        super(clients);
    }

    @Override
    protected Registration handle(OnboardingState state) {
        return registration.credentials(state.plan(), state.roles().crossAccountRoleArn());
    }
}
