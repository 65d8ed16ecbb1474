package io.dbxcp.local.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.local.template.Resource;
import io.dbxcp.local.template.TemplateBindings;
import io.dbxcp.local.template.Unresolved;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;

/**
 * Creates in moto every event bus a run may put events on: the template's AWS::Events::EventBus resources and
 * every literal EventBusName of the definition's events:putEvents Tasks ("default" always exists).
 */
public final class EventBusPreparer implements FixturePreparer {

    @Override
    public Set<String> workflows() {
        return Set.of();
    }

    @Override
    public void prepare(FixtureContext context) {
        Set<String> buses = busNames(context.bindings(), context.definition());
        if (buses.isEmpty()) {
            return;
        }
        try (EventBridgeClient events = AwsClientConfig.build(EventBridgeClient.builder(), context.environment())) {
            for (String bus : buses) {
                try {
                    events.createEventBus(r -> r.name(bus));
                    context.log().println("  prepared event bus " + bus);
                } catch (ResourceAlreadyExistsException e) {
                    // already there
                }
            }
        }
    }

    /** The bus names a run of {@code definition} may use, "default" left out. */
    public static Set<String> busNames(TemplateBindings bindings, JsonNode definition) {
        Set<String> names = new TreeSet<>();
        for (Resource r : bindings.template().resources().values()) {
            if (r.type().equals("AWS::Events::EventBus")) {
                try {
                    names.add(r.property("Name") == null ? r.logicalId()
                            : bindings.resolver().resolveString(r.property("Name")));
                } catch (Unresolved e) {
                    // no local name: skip
                }
            }
        }
        if (definition != null) {
            TemplateBindings.forEachState(definition, (name, state) -> {
                if (state.path("Resource").asText().startsWith("arn:aws:states:::events:putEvents")) {
                    for (JsonNode entry : state.path("Parameters").path("Entries")) {
                        JsonNode bus = entry.get("EventBusName");
                        if (bus != null && bus.isTextual()) {
                            String b = bus.asText();
                            names.add(b.contains(":event-bus/") ? b.substring(b.indexOf(":event-bus/") + 11) : b);
                        }
                    }
                }
            });
        }
        names.remove("default");
        return names;
    }
}
