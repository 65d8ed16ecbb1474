package io.dbxcp.accounts.model;

import java.util.List;

/** What EnsureKmsKeys made or found: the workspace storage key and the managed services key. */
public record KeysResult(Key storage, Key managedServices, List<Change> changes) {

    public record Key(String keyArn, String keyId, String alias, boolean rotationEnabled) {}
}
