package io.dbxcp.storage;

import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.storage.model.BucketState;
import java.util.HashMap;
import java.util.Map;

/** The domain log keys of a mount-buckets step. */
public final class StorageKeys {
    public static final String WORKFLOW = "mount-buckets";
    public static final String BUCKET = "bucket";

    private StorageKeys() {}

    public static Map<String, String> of(BucketState state) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, WORKFLOW);
        keys.put(LogKeys.REQUEST_ID, state.requestId());
        if (state.workspace() != null) keys.put(LogKeys.WORKSPACE_ID, Long.toString(state.workspace().workspaceId()));
        if (state.bucket() != null) keys.put(BUCKET, state.bucket().bucket());
        return keys;
    }
}
