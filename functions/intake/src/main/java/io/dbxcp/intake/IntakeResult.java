package io.dbxcp.intake;

import io.dbxcp.common.validation.Violation;
import java.util.List;

/**
 * What the intake did with one event. {@code STARTED}: a new execution. {@code DUPLICATE}: an
 * execution of that name already had this input (a repeated delivery), nothing new started.
 * {@code REJECTED}: nothing started, an {@code Event Rejected} event was put on the bus.
 */
public record IntakeResult(Outcome outcome, String workflow, String executionName, String executionArn, List<Violation> violations) {
    public enum Outcome { STARTED, DUPLICATE, REJECTED }

    static IntakeResult started(Routed r, String arn) {
        return new IntakeResult(Outcome.STARTED, r.workflow().id(), r.executionName(), arn, List.of());
    }

    static IntakeResult duplicate(Routed r, String arn) {
        return new IntakeResult(Outcome.DUPLICATE, r.workflow().id(), r.executionName(), arn, List.of());
    }

    static IntakeResult rejected(String workflow, List<Violation> violations) {
        return new IntakeResult(Outcome.REJECTED, workflow, null, null, violations);
    }
}
