package io.dbxcp.storage.dbfs;

import io.dbxcp.storage.BucketStepHandler;
import io.dbxcp.storage.StorageClients;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.MountRun;
import java.time.Clock;

/** State SubmitMountRun (dbfs-mount): imports the bucket's mount notebook and submits the one-time run. See {@link DbfsMountService}. */
public final class SubmitMountRunHandler extends BucketStepHandler<MountRun> {
    private final DbfsMountService service;

    public SubmitMountRunHandler() {
        this(StorageClients.fromEnv(), MountSettings.fromEnv());
    }

    SubmitMountRunHandler(StorageClients clients, MountSettings settings) {
        this.service = new DbfsMountService(clients.databricks()::workspace, settings, Clock.systemUTC());
    }

    @Override
    protected MountRun handle(BucketState state) {
        return service.submit(state);
    }
}
