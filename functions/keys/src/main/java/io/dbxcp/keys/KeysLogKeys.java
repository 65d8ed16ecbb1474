package io.dbxcp.keys;

import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.keys.model.KeyExecution;
import io.dbxcp.keys.model.WorkspaceUpdate;
import java.util.HashMap;
import java.util.Map;

/** The domain log keys of a rotate-key step: workflow, request id (or the triggering event's id), key, workspace. */
public final class KeysLogKeys {
    public static final String WORKFLOW = "rotate-key";
    public static final String KEY_ARN = "key_arn";
    public static final String KIND = "trigger_kind";

    private KeysLogKeys() {}

    public static Map<String, String> of(KeyExecution state) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, WORKFLOW);
        if (state.request() != null) {
            var r = state.request();
            String id = r.requestId() != null ? r.requestId() : state.trigger() == null ? null : state.trigger().path("eventId").asText(null);
            if (id != null) keys.put(LogKeys.REQUEST_ID, id);
            String key = r.keyArn() != null ? r.keyArn() : r.newKeyArn();
            if (key != null) keys.put(KEY_ARN, key);
            if (r.kind() != null) keys.put(KIND, r.kind().name());
        }
        return keys;
    }

    public static Map<String, String> of(WorkspaceUpdate state) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, WORKFLOW);
        if (state.requestId() != null) keys.put(LogKeys.REQUEST_ID, state.requestId());
        if (state.workspace() != null) keys.put(LogKeys.WORKSPACE_ID, Long.toString(state.workspace().workspaceId()));
        if (state.newKey() != null) keys.put(KEY_ARN, state.newKey().keyArn());
        return keys;
    }
}
