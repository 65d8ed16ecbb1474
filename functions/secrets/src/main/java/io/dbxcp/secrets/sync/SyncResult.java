package io.dbxcp.secrets.sync;

import java.util.List;

/**
 * What a scope sync wrote (never the value): the secret, the version whose value was written, and
 * each target.
 */
public record SyncResult(String secretArn, String secretName, String kind, String versionId, List<Target> targets) {

    /**
     * @param scopeCreated the scope did not exist and was created
     * @param aclsPut      the ACLs put because the scope lacked them or held another permission
     */
    public record Target(long workspaceId, String scope, String key, boolean scopeCreated, List<String> aclsPut) {}
}
