package io.dbxcp.local.template;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a SAM template the local runner needs: parameters, conditions, mappings, resources, the
 * function Globals, and from them the functions and the state machines.
 */
public final class SamTemplate {

    private final Path file;
    private final Map<String, Object> parameters;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final Map<String, Resource> resources;
    private final Map<String, Object> functionGlobals;

    private SamTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.parameters = map(root.get("Parameters"));
        this.conditions = map(root.get("Conditions"));
        this.mappings = map(root.get("Mappings"));
        this.functionGlobals = map(map(root.get("Globals")).get("Function"));
        Map<String, Resource> res = new LinkedHashMap<>();
        map(root.get("Resources")).forEach((id, value) -> {
            Map<String, Object> body = map(value);
            res.put(id, new Resource(id, String.valueOf(body.getOrDefault("Type", "")), map(body.get("Properties"))));
        });
        this.resources = res;
    }

    /** Loads and parses the template at {@code file}. */
    public static SamTemplate load(Path file) throws IOException {
        return new SamTemplate(file.toAbsolutePath().normalize(), CfnYaml.load(file));
    }

    /** An empty template (a definition run on its own, without template.yaml). */
    public static SamTemplate empty(Path file) {
        return new SamTemplate(file, Map.of());
    }

    public Path file() {
        return file;
    }

    public Map<String, Object> parameters() {
        return parameters;
    }

    public Map<String, Object> conditions() {
        return conditions;
    }

    public Map<String, Object> mappings() {
        return mappings;
    }

    public Map<String, Resource> resources() {
        return resources;
    }

    public Optional<Resource> resource(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    /** Every Lambda function, by logical id. */
    public Map<String, FunctionSpec> functions() {
        Map<String, FunctionSpec> out = new LinkedHashMap<>();
        for (Resource r : resources.values()) {
            if (r.isFunction()) {
                out.put(r.logicalId(), function(r));
            }
        }
        return out;
    }

    /** Every state machine, in template order. */
    public List<StateMachineSpec> stateMachines() {
        List<StateMachineSpec> out = new ArrayList<>();
        for (Resource r : resources.values()) {
            if (r.isStateMachine()) {
                out.add(stateMachine(r));
            }
        }
        return out;
    }

    /**
     * Finds a state machine by workflow name (its definition file without {@code .asl.json}), logical id or
     * literal Name, ignoring case, dashes and a trailing "StateMachine".
     */
    public Optional<StateMachineSpec> stateMachine(String workflow) {
        String wanted = key(workflow);
        for (StateMachineSpec sm : stateMachines()) {
            if (key(sm.workflowName()).equals(wanted) || key(sm.logicalId()).equals(wanted)
                    || sm.name() instanceof String n && key(n).equals(wanted)) {
                return Optional.of(sm);
            }
        }
        return Optional.empty();
    }

    /** Finds the state machine whose DefinitionUri is {@code definitionFile}. */
    public Optional<StateMachineSpec> stateMachineByDefinition(Path definitionFile) {
        Path wanted = definitionFile.toAbsolutePath().normalize();
        return stateMachines().stream()
                .filter(sm -> sm.definitionFile() != null && sm.definitionFile().equals(wanted))
                .findFirst();
    }

    private static String key(String name) {
        String k = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return k.endsWith("statemachine") && k.length() > "statemachine".length()
                ? k.substring(0, k.length() - "statemachine".length())
                : k;
    }

    private FunctionSpec function(Resource r) {
        Map<String, Object> env = new LinkedHashMap<>(map(map(functionGlobals.get("Environment")).get("Variables")));
        env.putAll(map(map(r.property("Environment")).get("Variables")));
        Object handler = r.properties().getOrDefault("Handler", functionGlobals.get("Handler"));
        Object timeout = r.properties().getOrDefault("Timeout", functionGlobals.get("Timeout"));
        Object memory = r.properties().getOrDefault("MemorySize", functionGlobals.get("MemorySize"));
        Object codeUri = r.properties().getOrDefault("CodeUri", functionGlobals.get("CodeUri"));
        return new FunctionSpec(r.logicalId(), handler instanceof String h ? h.trim() : null, env,
                intOr(timeout, 3), intOr(memory, 128), codeUri instanceof String c ? c : null);
    }

    private StateMachineSpec stateMachine(Resource r) {
        Object uri = r.property("DefinitionUri");
        Path definition = uri instanceof String s ? file.resolveSibling(s).normalize() : null;
        Object inline = r.property("Definition");
        return new StateMachineSpec(r.logicalId(), definition, inline instanceof Map<?, ?> ? map(inline) : null,
                map(r.property("DefinitionSubstitutions")), r.property("Name"));
    }

    /** The function's AutoPublishAlias, if it is a literal. */
    Optional<String> autoPublishAlias(String functionId) {
        return resource(functionId)
                .map(r -> r.properties().getOrDefault("AutoPublishAlias", functionGlobals.get("AutoPublishAlias")))
                .filter(String.class::isInstance)
                .map(String.class::cast);
    }

    private static int intOr(Object value, int fallback) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
