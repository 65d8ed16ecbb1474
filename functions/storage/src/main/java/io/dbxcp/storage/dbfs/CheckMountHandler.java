package io.dbxcp.storage.dbfs;

import io.dbxcp.storage.BucketStepHandler;
import io.dbxcp.storage.StorageClients;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.MountCheck;
import java.time.Clock;

/** State CheckMount (dbfs-mount): is the mount point in DBFS, and mounted as asked? See {@link DbfsMountService}. */
public final class CheckMountHandler extends BucketStepHandler<MountCheck> {
    private final DbfsMountService service;

    public CheckMountHandler() {
        this(StorageClients.fromEnv(), MountSettings.fromEnv());
    }

    CheckMountHandler(StorageClients clients, MountSettings settings) {
        this.service = new DbfsMountService(clients.databricks()::workspace, settings, Clock.systemUTC());
    }

    @Override
    protected MountCheck handle(BucketState state) {
        return service.check(state);
    }
}
