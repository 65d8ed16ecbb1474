package io.dbxcp.storage.dbfs;

import io.dbxcp.storage.BucketStepHandler;
import io.dbxcp.storage.StorageClients;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.BucketResult;
import java.time.Clock;

/** State VerifyMount (dbfs-mount): the mount point is in DBFS after the run; records what was mounted. See {@link DbfsMountService}. */
public final class VerifyMountHandler extends BucketStepHandler<BucketResult> {
    private final DbfsMountService service;

    public VerifyMountHandler() {
        this(StorageClients.fromEnv(), MountSettings.fromEnv());
    }

    VerifyMountHandler(StorageClients clients, MountSettings settings) {
        this.service = new DbfsMountService(clients.databricks()::workspace, settings, Clock.systemUTC());
    }

    @Override
    protected BucketResult handle(BucketState state) {
        return service.verify(state);
    }
}
