package io.dbxcp.storage.dbfs;

import io.dbxcp.common.aws.CrossAccount;
import io.dbxcp.common.config.Env;
import io.dbxcp.storage.BucketStepHandler;
import io.dbxcp.storage.StorageClients;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.ProfileRegistration;

/** State RegisterInstanceProfile (dbfs-mount): the data role's instance profile, registered if missing. See {@link InstanceProfileService}. */
public final class RegisterInstanceProfileHandler extends BucketStepHandler<ProfileRegistration> {
    private final InstanceProfileService service;

    public RegisterInstanceProfileHandler() {
        this(StorageClients.fromEnv());
    }

    RegisterInstanceProfileHandler(StorageClients clients) {
        this.service = new InstanceProfileService(clients.databricks()::workspace, CrossAccount.fromEnv(clients.aws()),
                Env.get("CONTROL_PLANE_ACCOUNT_ID").orElse(null), Env.get("TARGET_ACCOUNT_ROLE_NAME").isPresent());
    }

    @Override
    protected ProfileRegistration handle(BucketState state) {
        return service.register(state);
    }
}
