package io.dbxcp.keys;

import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.keys.model.WorkspaceUpdate;
import java.util.Map;

/** A Task handler of the replacement's Map iteration: takes one workspace's state, returns its step's result. */
public abstract class WorkspaceStepHandler<O> extends JsonHandler<WorkspaceUpdate, O> {
    protected WorkspaceStepHandler() {
        super(WorkspaceUpdate.class);
    }

    @Override
    protected Map<String, String> keys(WorkspaceUpdate state) {
        return KeysLogKeys.of(state);
    }
}
