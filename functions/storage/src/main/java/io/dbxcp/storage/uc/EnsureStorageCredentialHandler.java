package io.dbxcp.storage.uc;

import io.dbxcp.storage.BucketStepHandler;
import io.dbxcp.storage.StorageClients;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.CredentialRef;

/** State EnsureStorageCredential (unity-catalog): the storage credential of the bucket's data role, created or reused. See {@link UnityCatalogService}. */
public final class EnsureStorageCredentialHandler extends BucketStepHandler<CredentialRef> {
    private final UnityCatalogService service;

    public EnsureStorageCredentialHandler() {
        this(StorageClients.fromEnv());
    }

    EnsureStorageCredentialHandler(StorageClients clients) {
        this.service = new UnityCatalogService(clients.databricks()::workspace);
    }

    @Override
    protected CredentialRef handle(BucketState state) {
        return service.ensureCredential(state);
    }
}
