package io.dbxcp.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.intake.EventRouter;

/** The intake's router ({@link EventRouter}, no AWS call): a sample event becomes exactly the deployed input. */
public final class IntakeEventRouting implements EventRouting {

    private final EventRouter router = new EventRouter();

    @Override
    public EventRouting.Routed route(JsonNode event) throws Rejected {
        try {
            io.dbxcp.intake.Routed routed = router.route(event);
            return new EventRouting.Routed(routed.workflow().id(), routed.executionName(), routed.input());
        } catch (InvalidRequestException e) {
            throw new Rejected("the intake rejects this event: " + e.getMessage(),
                    e.violations().stream().map(String::valueOf).toList());
        }
    }
}
