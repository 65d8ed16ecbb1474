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

    /** SnapStart priming reads the state of a real run with every option (priming/provision-state.json). */
    @Override
    protected String primingPayload() {
        try (var in = StepHandler.class.getResourceAsStream("/priming/provision-state.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            return "{}";
        }
    }
}
