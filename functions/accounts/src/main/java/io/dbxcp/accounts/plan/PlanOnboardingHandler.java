package io.dbxcp.accounts.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.accounts.model.OnboardingRequest;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.common.config.Env;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import java.util.HashMap;
import java.util.Map;

/**
 * State PlanOnboarding: takes the intake's input ({@code {"workflow", "trigger", "request"}}), a
 * console execution's {@code {"request": ...}} or the bare request, and returns the execution's
 * state: the checked request and the plan. Calls nothing.
 */
public final class PlanOnboardingHandler extends JsonHandler<JsonNode, PlanOnboardingHandler.Planned> {
    private final Planner planner;

    /** What the state becomes ({@code ResultPath: "$"}). */
    public record Planned(String workflow, JsonNode trigger, OnboardingRequest request, Plan plan) {}

    public PlanOnboardingHandler() {
        this(new Planner(OnboardingConfig.fromEnv(), Env.get("AWS_REGION").orElse("us-east-1")));
    }

    PlanOnboardingHandler(Planner planner) {
        super(JsonNode.class);
        this.planner = planner;
    }

    @Override
    protected Map<String, String> keys(JsonNode input) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, OnboardingState.WORKFLOW);
        keys.put(LogKeys.ACCOUNT_ID, request(input).path("accountId").asText(null));
        return keys;
    }

    @Override
    protected Planned handle(JsonNode input) {
        OnboardingRequest request = planner.validate(request(input));
        JsonNode trigger = input.path("trigger").isObject() ? input.path("trigger") : null;
        return new Planned(OnboardingState.WORKFLOW, trigger, request, planner.plan(request));
    }

    private static JsonNode request(JsonNode input) {
        return input != null && input.has("request") ? input.path("request") : input;
    }
}
