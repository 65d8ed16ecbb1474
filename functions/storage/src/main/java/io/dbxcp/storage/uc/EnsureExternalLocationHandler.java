package io.dbxcp.storage.uc;

import io.dbxcp.storage.BucketStepHandler;
import io.dbxcp.storage.StorageClients;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.BucketResult;

/** State EnsureExternalLocation (unity-catalog): the bucket's external location, created or reused. See {@link UnityCatalogService}. */
public final class EnsureExternalLocationHandler extends BucketStepHandler<BucketResult> {
    private final UnityCatalogService service;

    public EnsureExternalLocationHandler() {
        this(StorageClients.fromEnv());
    }

    EnsureExternalLocationHandler(StorageClients clients) {
        this.service = new UnityCatalogService(clients.databricks()::workspace);
    }

    @Override
    protected BucketResult handle(BucketState state) {
        return service.ensureLocation(state);
    }
}
