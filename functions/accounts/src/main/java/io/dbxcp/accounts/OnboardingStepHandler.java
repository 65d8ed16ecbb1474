package io.dbxcp.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import java.util.HashMap;
import java.util.Map;

/** An onboard-account Task handler: takes the execution's state, returns its step's result. */
public abstract class OnboardingStepHandler<O> extends JsonHandler<OnboardingState, O> {
    protected OnboardingStepHandler() {
        super(OnboardingState.class);
    }

    /**
     * The state; when its request is one PlanOnboarding refused for its shape (the failure report reads
     * the state then), the state without it, so the refusal is reported rather than thrown again.
     */
    @Override
    protected OnboardingState read(JsonNode payload) {
        try {
            return super.read(payload);
        } catch (InvalidRequestException refusedRequest) {
            if (!payload.isObject() || !payload.has("request")) throw refusedRequest;
            return super.read(((ObjectNode) payload.deepCopy()).without("request"));
        }
    }

    @Override
    protected Map<String, String> keys(OnboardingState state) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, OnboardingState.WORKFLOW);
        if (state.request() != null) {
            keys.put(LogKeys.ACCOUNT_ID, state.request().accountId());
            String id = state.request().createAccountRequestId();
            if (id == null && state.trigger() != null) id = state.trigger().path("eventId").asText(null);
            keys.put(LogKeys.REQUEST_ID, id);
        }
        return keys;
    }
}
