package io.dbxcp.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * Turns one EventBridge event into at most one workflow execution. Bad input starts nothing and
 * becomes an {@code Event Rejected} event on the bus, with every violation and the original event.
 * A failure to reach Step Functions or EventBridge is thrown, so that Lambda's retries and then the
 * dead-letter queue keep the event: nothing is lost.
 */
public final class IntakeService {
    /** Largest raw event read; EventBridge events are at most 256 KiB. */
    public static final int MAX_EVENT_BYTES = 256 * 1024;
    /** How much of a rejected event is attached to the rejection (PutEvents entries are at most 256 KiB). */
    static final int MAX_ATTACHED_BYTES = 160 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);

    private final IntakeConfig config;
    private final SfnClient sfn;
    private final EventBridgeClient events;
    private final EventRouter router = new EventRouter();

    public IntakeService(IntakeConfig config, SfnClient sfn, EventBridgeClient events) {
        this.config = config;
        this.sfn = sfn;
        this.events = events;
    }

    public IntakeResult accept(byte[] raw) {
        if (raw.length > MAX_EVENT_BYTES) {
            return reject(null, raw, null, List.of(new Violation("event", "is more than the " + MAX_EVENT_BYTES + " bytes accepted")));
        }
        JsonNode event;
        try {
            event = Json.read(new String(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return reject(null, raw, null, List.of(new Violation("event", "is not valid JSON: " + e.getMessage().replaceFirst("^not JSON: ", ""))));
        }
        Routed routed;
        try {
            routed = router.route(event);
        } catch (InvalidRequestException e) {
            return reject(event, raw, null, e.violations());
        }
        String stateMachine = config.stateMachine(routed.workflow()).orElse(null);
        if (stateMachine == null) {
            return reject(event, raw, routed.workflow().id(), List.of(new Violation("workflow",
                    routed.workflow().id() + " has no state machine configured (" + routed.workflow().stateMachineVariable() + ")")));
        }
        return start(event, raw, routed, stateMachine);
    }

    /**
     * Looks the execution up by its name first: Step Functions answers a StartExecution that repeats
     * the name and input of a running execution with that same execution, and a closed one with
     * ExecutionAlreadyExists, so only a look-up tells a repeated delivery from a first one.
     */
    private IntakeResult start(JsonNode event, byte[] raw, Routed routed, String stateMachine) {
        String input = Json.write(routed.input());
        String arn = executionArn(stateMachine, routed.executionName());
        try {
            Optional<DescribeExecutionResponse> existing = find(arn);
            if (existing.isEmpty()) {
                try {
                    String started = sfn.startExecution(b -> b.stateMachineArn(stateMachine).name(routed.executionName()).input(input)).executionArn();
                    LOG.info("started {} as {}", routed.workflow().id(), routed.executionName());
                    return IntakeResult.started(routed, started);
                } catch (ExecutionAlreadyExistsException e) {
                    existing = find(arn); // another delivery started it between our look-up and our start
                }
            }
            if (existing.isPresent() && Json.read(existing.get().input()).equals(routed.input())) {
                LOG.info("duplicate delivery of {}: execution {} exists", routed.workflow().id(), routed.executionName());
                return IntakeResult.duplicate(routed, arn);
            }
            return reject(event, raw, routed.workflow().id(), List.of(new Violation(identityField(routed.workflow()),
                    "is already used by execution " + routed.executionName() + " with a different request; use a new identity")));
        } catch (SdkException e) {
            throw new TransientException("cannot start " + routed.workflow().id() + ": " + e.getMessage(), e);
        }
    }

    private Optional<DescribeExecutionResponse> find(String arn) {
        try {
            return Optional.of(sfn.describeExecution(b -> b.executionArn(arn)));
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        }
    }

    /** {@code arn:aws:states:r:a:stateMachine:name} names its executions {@code arn:aws:states:r:a:execution:name:exec}. */
    static String executionArn(String stateMachineArn, String executionName) {
        return stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + executionName;
    }

    private static String identityField(Workflow w) {
        return switch (w) {
            case ONBOARD_ACCOUNT -> "detail.serviceEventDetails";
            case ROTATE_KEY, SYNC_SECRET_SCOPES -> "event.id";
            default -> "detail.requestId";
        };
    }

    private IntakeResult reject(JsonNode event, byte[] raw, String workflow, List<Violation> violations) {
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("reason", "the event was refused: nothing was started");
        if (workflow != null) detail.put("workflow", workflow);
        detail.set("violations", Json.tree(violations));
        if (event != null && event.isObject()) {
            detail.put("eventId", event.path("id").asText(null));
            detail.put("source", event.path("source").asText(null));
            detail.put("detailType", event.path("detail-type").asText(null));
        }
        detail.put("originalEventBytes", raw.length);
        detail.put("originalEventSha256", ExecutionNames.sha256(new String(raw, StandardCharsets.UTF_8)));
        if (event != null && raw.length <= MAX_ATTACHED_BYTES) {
            detail.set("originalEvent", event);
        } else {
            String text = new String(raw, 0, Math.min(raw.length, MAX_ATTACHED_BYTES), StandardCharsets.UTF_8);
            detail.put("originalEventText", text);
            detail.put("originalEventTruncated", raw.length > MAX_ATTACHED_BYTES);
        }
        PutEventsResponse response;
        try {
            response = events.putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                    .eventBusName(config.eventBusName())
                    .source(EventRouter.SOURCE)
                    .detailType("Event Rejected")
                    .detail(Json.write(detail))
                    .build()));
        } catch (SdkException e) {
            throw new TransientException("cannot put the rejection event: " + e.getMessage(), e);
        }
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            throw new TransientException("the bus refused the rejection event: " + response.entries().get(0).errorMessage());
        }
        LOG.warn("rejected event: {}", violations);
        return IntakeResult.rejected(workflow, violations);
    }
}
