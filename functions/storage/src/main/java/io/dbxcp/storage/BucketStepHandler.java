package io.dbxcp.storage;

import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.storage.model.BucketState;
import java.util.Map;

/** A Task handler of the Map iteration: takes one bucket's state, returns its step's result. */
public abstract class BucketStepHandler<O> extends JsonHandler<BucketState, O> {
    protected BucketStepHandler() {
        super(BucketState.class);
    }

    @Override
    protected Map<String, String> keys(BucketState state) {
        return StorageKeys.of(state);
    }
}
