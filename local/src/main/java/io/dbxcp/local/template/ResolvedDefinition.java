package io.dbxcp.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A state machine definition after DefinitionSubstitutions, ready for the engine.
 *
 * @param stateMachine   the template's state machine, or null for a definition file run on its own
 * @param source         the definition file (null for an inline Definition)
 * @param definition     the parsed ASL, or null when it could not be parsed
 * @param substitutions  every substitution and the value it got locally
 * @param functions      Lambda functions the Tasks call, by state name (function logical id)
 * @param problems       what keeps it from running: unresolved or undefined substitutions, unknown functions,
 *                       unsupported resources; empty when it can run
 */
public record ResolvedDefinition(StateMachineSpec stateMachine, Path source, JsonNode definition,
        Map<String, String> substitutions, Map<String, String> functions, List<String> problems) {

    public boolean runnable() {
        return definition != null && problems.isEmpty();
    }
}
