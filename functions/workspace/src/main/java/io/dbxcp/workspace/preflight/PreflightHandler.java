package io.dbxcp.workspace.preflight;

import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.aws.CrossAccount;
import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.model.ProvisionState;

/**
 * State PreflightAwsResources (step 1 of provision-workspace): checks the request's role, root
 * bucket, keys and network in the workspace's account before any Databricks call, and fails with
 * every problem at once ({@code PreconditionFailedException}); throttling and 5xx end it with
 * {@code TransientException}. Environment: {@code DATABRICKS_ACCOUNT_ID}, optional
 * {@code DATABRICKS_AWS_ACCOUNT_ID} (default 414351767826), {@code TARGET_ACCOUNT_ROLE_NAME} and
 * {@code CONTROL_PLANE_ACCOUNT_ID} (see {@link CrossAccount}). Logging and metrics wrap
 * {@link #handle} through {@link StepHandler} ({@code Handlers.run} with the step's log keys).
 */
public final class PreflightHandler extends StepHandler<PreflightResult> {
    private final PreflightService service;

    /** Builds the configuration and the client factory from the environment once; no AWS call is made here. */
    public PreflightHandler() {
        this(new PreflightService(PreflightConfig.fromEnv(), AccountClients.crossAccount(CrossAccount.fromEnv(AwsSettings.fromEnv()))));
    }

    PreflightHandler(PreflightService service) {
        this.service = service;
    }

    @Override
    protected PreflightResult handle(ProvisionState state) {
        return service.check(state.request().withDefaults());
    }
}
