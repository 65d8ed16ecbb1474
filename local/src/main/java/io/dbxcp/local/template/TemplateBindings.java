package io.dbxcp.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.local.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ties a template to what runs locally: state machine definitions with their substitutions resolved to local
 * stand-ins, the function behind each stand-in ARN, and each function's environment.
 */
public final class TemplateBindings {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");

    /** The Task resources the runner serves (besides plain Lambda function ARNs). */
    public static final List<String> SUPPORTED_RESOURCES = List.of(
            "arn:aws:states:::lambda:invoke",
            "arn:aws:states:::events:putEvents",
            "arn:aws:states:::states:startExecution.sync",
            "arn:aws:states:::states:startExecution.sync:2");

    private final SamTemplate template;
    private final TemplateResolver resolver;
    private final Map<String, FunctionSpec> functions;

    public TemplateBindings(SamTemplate template, TemplateResolver resolver) {
        this.template = template;
        this.resolver = resolver;
        this.functions = template.functions();
    }

    public SamTemplate template() {
        return template;
    }

    public TemplateResolver resolver() {
        return resolver;
    }

    public Map<String, FunctionSpec> functions() {
        return functions;
    }

    public String stateMachineArn(StateMachineSpec sm) {
        return resolver.stateMachineArn(sm.logicalId());
    }

    public String functionArn(FunctionSpec fn) {
        return resolver.functionArn(fn.logicalId());
    }

    /**
     * The function a FunctionName or Resource names: a full or partial ARN (with or without an alias or
     * version), a logical id, or the function's FunctionName.
     */
    public Optional<FunctionSpec> function(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String name = reference;
        int fn = name.indexOf("function:");
        if (fn >= 0) {
            name = name.substring(fn + "function:".length());
        }
        int qualifier = name.indexOf(':');
        if (qualifier >= 0) {
            name = name.substring(0, qualifier);
        }
        FunctionSpec byId = functions.get(name);
        if (byId != null) {
            return Optional.of(byId);
        }
        for (FunctionSpec spec : functions.values()) {
            Object functionName = template.resource(spec.logicalId()).map(r -> r.property("FunctionName")).orElse(null);
            if (functionName != null) {
                try {
                    if (resolver.resolveString(functionName).equals(name)) {
                        return Optional.of(spec);
                    }
                } catch (Unresolved e) {
                    // not this one
                }
            }
        }
        return Optional.empty();
    }

    /** The state machine a StateMachineArn (or logical id) names. */
    public Optional<StateMachineSpec> stateMachineByArn(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        String name = arn.contains(":stateMachine:") ? arn.substring(arn.indexOf(":stateMachine:") + 14) : arn;
        int qualifier = name.indexOf(':');
        if (qualifier >= 0) {
            name = name.substring(0, qualifier);
        }
        for (StateMachineSpec sm : template.stateMachines()) {
            if (sm.logicalId().equals(name) || name.equals(sm.name())) {
                return Optional.of(sm);
            }
        }
        return Optional.empty();
    }

    /** The definition of a template state machine, substituted. */
    public ResolvedDefinition definition(StateMachineSpec sm) {
        List<String> problems = new ArrayList<>();
        String text;
        if (sm.definitionFile() != null) {
            try {
                text = Files.readString(sm.definitionFile(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add("cannot read DefinitionUri " + sm.definitionFile() + ": " + e.getMessage());
                return new ResolvedDefinition(sm, sm.definitionFile(), null, Map.of(), Map.of(), problems);
            }
        } else if (sm.inlineDefinition() != null) {
            try {
                text = Json.write(resolver.resolve(sm.inlineDefinition()));
            } catch (Unresolved e) {
                problems.add("inline Definition: " + e.getMessage());
                return new ResolvedDefinition(sm, null, null, Map.of(), Map.of(), problems);
            }
        } else {
            problems.add(sm.logicalId() + " has neither a DefinitionUri (a path) nor an inline Definition");
            return new ResolvedDefinition(sm, null, null, Map.of(), Map.of(), problems);
        }
        Map<String, String> values = new TreeMap<>();
        sm.substitutions().forEach((key, raw) -> {
            try {
                values.put(key, resolver.resolveString(raw));
            } catch (Unresolved e) {
                problems.add("DefinitionSubstitutions." + key + ": " + e.getMessage());
            }
        });
        return finish(sm, sm.definitionFile(), text, values, problems);
    }

    /** A definition file run on its own: no substitutions are available. */
    public ResolvedDefinition definition(Path file) {
        Optional<StateMachineSpec> sm = template.stateMachineByDefinition(file);
        if (sm.isPresent()) {
            return definition(sm.get());
        }
        try {
            return finish(null, file, Files.readString(file, StandardCharsets.UTF_8), Map.of(), new ArrayList<>());
        } catch (IOException e) {
            return new ResolvedDefinition(null, file, null, Map.of(), Map.of(),
                    List.of("cannot read " + file + ": " + e.getMessage()));
        }
    }

    private ResolvedDefinition finish(StateMachineSpec sm, Path source, String text, Map<String, String> values,
            List<String> problems) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> undefined = new ArrayList<>();
        while (m.find()) {
            String key = m.group(1);
            String value = values.get(key);
            if (value == null) {
                if (!values.containsKey(key) && !undefined.contains(key)
                        && (sm == null || !sm.substitutions().containsKey(key))) {
                    undefined.add(key);
                }
                value = m.group();
            } else {
                value = jsonEscape(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        for (String key : undefined) {
            problems.add("${" + key + "} is used in the definition but not defined in DefinitionSubstitutions"
                    + (sm == null ? " (this definition is not a state machine of the template)" : ""));
        }
        JsonNode definition;
        try {
            definition = Json.parse(out.toString());
        } catch (IllegalArgumentException e) {
            problems.add("the definition is not valid JSON: " + e.getMessage());
            return new ResolvedDefinition(sm, source, null, values, Map.of(), problems);
        }
        Map<String, String> taskFunctions = new LinkedHashMap<>();
        forEachState(definition, (name, state) -> checkTask(name, state, taskFunctions, problems));
        return new ResolvedDefinition(sm, source, definition, values, taskFunctions, List.copyOf(problems));
    }

    private void checkTask(String name, JsonNode state, Map<String, String> taskFunctions, List<String> problems) {
        if (!"Task".equals(state.path("Type").asText())) {
            return;
        }
        String resource = state.path("Resource").asText();
        String functionRef = null;
        if (resource.startsWith("arn:aws:lambda:")) {
            functionRef = resource;
        } else if (resource.equals("arn:aws:states:::lambda:invoke")) {
            JsonNode parameters = state.path("Parameters");
            if (parameters.has("FunctionName")) {
                functionRef = parameters.get("FunctionName").asText();
            } else if (!parameters.has("FunctionName.$")) {
                problems.add("Task " + name + ": lambda:invoke without Parameters.FunctionName");
            }
        } else if (!SUPPORTED_RESOURCES.contains(resource)) {
            problems.add("Task " + name + ": resource " + resource + " is not supported by the local runner"
                    + " (supported: Lambda function ARNs, " + String.join(", ", SUPPORTED_RESOURCES) + ")");
        } else if (resource.startsWith("arn:aws:states:::states:startExecution")) {
            JsonNode arn = state.path("Parameters").path("StateMachineArn");
            if (arn.isTextual() && stateMachineByArn(arn.asText()).isEmpty()) {
                problems.add("Task " + name + ": StateMachineArn " + arn.asText()
                        + " is not a state machine of the template");
            }
        }
        if (functionRef != null) {
            Optional<FunctionSpec> fn = function(functionRef);
            if (fn.isEmpty()) {
                problems.add("Task " + name + ": " + functionRef + " is not a function of the template");
            } else if (fn.get().handler() == null) {
                problems.add("Task " + name + ": function " + fn.get().logicalId() + " has no Handler");
            } else {
                taskFunctions.put(name, fn.get().logicalId());
            }
        }
    }

    /** Visits every state, those in Parallel branches and Map iterators included. */
    public static void forEachState(JsonNode definition, BiConsumer<String, JsonNode> visit) {
        JsonNode states = definition.path("States");
        states.properties().forEach(e -> {
            JsonNode state = e.getValue();
            visit.accept(e.getKey(), state);
            state.path("Branches").forEach(branch -> forEachState(branch, visit));
            if (state.has("Iterator")) {
                forEachState(state.get("Iterator"), visit);
            }
            if (state.has("ItemProcessor")) {
                forEachState(state.get("ItemProcessor"), visit);
            }
        });
    }

    /**
     * A function's environment: Globals and its own Variables, resolved. Variables that resolve to
     * AWS::NoValue are left out; those that cannot be resolved are listed in {@code unresolved}.
     */
    public ResolvedEnvironment environment(FunctionSpec fn) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> unresolved = new LinkedHashMap<>();
        fn.environment().forEach((key, raw) -> {
            try {
                Object v = resolver.resolve(raw);
                if (v != TemplateResolver.NO_VALUE) {
                    values.put(key, resolver.resolveString(v));
                }
            } catch (Unresolved e) {
                unresolved.put(key, e.getMessage());
            }
        });
        return new ResolvedEnvironment(values, unresolved);
    }

    private static String jsonEscape(String value) {
        String quoted = Json.write(value);
        return quoted.substring(1, quoted.length() - 1);
    }

    /** A function's resolved environment. */
    public record ResolvedEnvironment(Map<String, String> variables, Map<String, String> unresolved) {
    }
}
