package io.dbxcp.intake;

import io.dbxcp.common.config.Env;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The intake's configuration: the bus its rejection events go to and, per workflow, the ARN of the
 * state machine that serves it ({@code PROVISION_WORKSPACE_STATE_MACHINE_ARN} and so on). A
 * workflow with no state machine configured is answered with a rejection, not an error.
 */
public record IntakeConfig(String eventBusName, Map<Workflow, String> stateMachines) {

    public static IntakeConfig fromEnv() {
        Env.Reader env = Env.reader();
        String bus = env.required("EVENT_BUS_NAME");
        Map<Workflow, String> machines = new EnumMap<>(Workflow.class);
        for (Workflow w : Workflow.values()) {
            env.optional(w.stateMachineVariable()).ifPresent(arn -> {
                if (!arn.startsWith("arn:aws") || !arn.contains(":stateMachine:")) {
                    env.problem(w.stateMachineVariable() + " is not a state machine ARN");
                } else {
                    machines.put(w, arn);
                }
            });
        }
        env.check();
        return new IntakeConfig(bus, machines);
    }

    public Optional<String> stateMachine(Workflow w) {
        return Optional.ofNullable(stateMachines.get(w));
    }
}
