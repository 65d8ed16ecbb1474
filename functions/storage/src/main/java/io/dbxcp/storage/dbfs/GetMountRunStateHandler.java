package io.dbxcp.storage.dbfs;

import io.dbxcp.storage.BucketStepHandler;
import io.dbxcp.storage.StorageClients;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.MountRun;
import java.time.Clock;

/** State GetMountRunState (dbfs-mount): one poll of the mount run (the state machine waits between polls). See {@link DbfsMountService}. */
public final class GetMountRunStateHandler extends BucketStepHandler<MountRun> {
    private final DbfsMountService service;

    public GetMountRunStateHandler() {
        this(StorageClients.fromEnv(), MountSettings.fromEnv());
    }

    GetMountRunStateHandler(StorageClients clients, MountSettings settings) {
        this.service = new DbfsMountService(clients.databricks()::workspace, settings, Clock.systemUTC());
    }

    @Override
    protected MountRun handle(BucketState state) {
        return service.poll(state);
    }
}
