package io.dbxcp.workspace;

import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.StepKeys;
import java.util.Map;

/** A provision-workspace Task handler: takes the execution's state, returns its step's result. */
public abstract class StepHandler<O> extends JsonHandler<ProvisionState, O> {
    protected StepHandler() {
        super(ProvisionState.class);
    }

    @Override
    protected Map<String, String> keys(ProvisionState state) {
        return StepKeys.of(state);
    }
}
