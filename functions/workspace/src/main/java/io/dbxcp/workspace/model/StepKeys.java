package io.dbxcp.workspace.model;

import io.dbxcp.common.logging.LogKeys;
import java.util.HashMap;
import java.util.Map;

/** The domain log keys of a provision-workspace step. */
public final class StepKeys {
    private StepKeys() {}

    public static Map<String, String> of(ProvisionState state) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, "provision-workspace");
        if (state.request() != null) {
            keys.put(LogKeys.REQUEST_ID, state.request().requestId());
            keys.put(LogKeys.ACCOUNT_ID, state.request().awsAccountId());
        }
        if (state.workspace() != null) keys.put(LogKeys.WORKSPACE_ID, Long.toString(state.workspace().workspaceId()));
        return keys;
    }
}
