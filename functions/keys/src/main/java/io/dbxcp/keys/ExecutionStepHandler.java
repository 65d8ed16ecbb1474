package io.dbxcp.keys;

import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.keys.model.KeyExecution;
import java.util.Map;

/** A rotate-key Task handler outside the Map: takes the execution's state, returns its step's result. */
public abstract class ExecutionStepHandler<O> extends JsonHandler<KeyExecution, O> {
    protected ExecutionStepHandler() {
        super(KeyExecution.class);
    }

    @Override
    protected Map<String, String> keys(KeyExecution state) {
        return KeysLogKeys.of(state);
    }
}
