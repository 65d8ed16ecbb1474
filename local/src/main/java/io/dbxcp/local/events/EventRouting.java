package io.dbxcp.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Turns an EventBridge event (a sample from events/) into the workflow it starts and that workflow's input, the
 * way the deployed intake does. The default is {@link IntakeEventRouting}, the intake's own pure router.
 */
public interface EventRouting {

    /**
     * @throws Rejected when the intake would reject the event; the message names every violation
     */
    Routed route(JsonNode event) throws Rejected;

    /** Whether {@code json} is an EventBridge event rather than a workflow input: it has a "detail-type". */
    static boolean isEvent(JsonNode json) {
        return json != null && json.isObject() && json.has("detail-type") && json.has("detail");
    }

    /** The routing of an accepted event. */
    record Routed(String workflow, String executionName, JsonNode input) {
    }

    /** The intake would reject the event. */
    final class Rejected extends Exception {
        private final List<String> violations;

        public Rejected(String message, List<String> violations) {
            super(message);
            this.violations = List.copyOf(violations);
        }

        public List<String> violations() {
            return violations;
        }
    }
}
