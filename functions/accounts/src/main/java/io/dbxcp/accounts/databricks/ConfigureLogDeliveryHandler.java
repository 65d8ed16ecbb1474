package io.dbxcp.accounts.databricks;

import io.dbxcp.accounts.model.LogDeliveryResult;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.common.databricks.DatabricksClients;

/** State ConfigureLogDelivery: account-level billable usage and audit log delivery to the log bucket. */
public final class ConfigureLogDeliveryHandler extends DatabricksStepHandler<LogDeliveryResult> {
    public ConfigureLogDeliveryHandler() {
        super();
    }

    ConfigureLogDeliveryHandler(DatabricksClients clients) {
        super(clients);
    }

    @Override
    protected LogDeliveryResult handle(OnboardingState state) {
        return registration.logDelivery(state.plan(), state.roles().logDeliveryRoleArn(), state.buckets().logs().name());
    }
}
