package io.dbxcp.secrets.sync;

/** The handler's package-private constructor, for tests in other packages. */
public final class SyncHandlerAccess {
    private SyncHandlerAccess() {}

    public static SyncSecretScopesHandler handler(ScopeSyncService service) {
        return new SyncSecretScopesHandler(service);
    }
}
