package io.dbxcp.accounts.databricks;

import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.accounts.model.Registration;
import io.dbxcp.common.databricks.DatabricksClients;

/** State RegisterStorage: the root bucket as a Databricks storage configuration. */
public final class RegisterStorageHandler extends DatabricksStepHandler<Registration> {
    public RegisterStorageHandler() {
        super();
    }

    RegisterStorageHandler(DatabricksClients clients) {
        super(clients);
    }

    @Override
    protected Registration handle(OnboardingState state) {
        return registration.storage(state.plan(), state.buckets().root().name());
    }
}
