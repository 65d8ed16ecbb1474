package io.dbxcp.local.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.local.Json;
import io.dbxcp.local.engine.TaskOutcome;
import io.dbxcp.local.offline.AwsClientConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * {@code arn:aws:states:::events:putEvents}: sends the entries with the AWS SDK to the EventBridge that the
 * runner's environment names (AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID...; moto by default), the way the
 * Step Functions integration does: Detail objects are serialised, the execution and state machine ARNs are
 * appended to Resources, and a non-zero FailedEntryCount fails the Task with {@code EventBridge.FailedEntry}.
 */
public final class EventBridgePublisher implements AutoCloseable {

    private final Map<String, String> environment;
    private EventBridgeClient client;

    public EventBridgePublisher(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Puts {@code parameters.Entries}; returns the Step Functions result or the error. */
    public TaskOutcome putEvents(JsonNode parameters, String executionArn, String stateMachineArn) {
        JsonNode entries = parameters.path("Entries");
        if (!entries.isArray() || entries.isEmpty()) {
            return TaskOutcome.Failure.of("States.Runtime", "events:putEvents needs Parameters.Entries (an array)");
        }
        List<PutEventsRequestEntry> request = new ArrayList<>();
        for (JsonNode e : entries) {
            JsonNode detail = e.path("Detail");
            List<String> resources = new ArrayList<>();
            e.path("Resources").forEach(r -> resources.add(r.asText()));
            resources.add(executionArn);
            resources.add(stateMachineArn);
            PutEventsRequestEntry.Builder b = PutEventsRequestEntry.builder()
                    .source(text(e, "Source"))
                    .detailType(text(e, "DetailType"))
                    .detail(detail.isMissingNode() || detail.isNull() ? null
                            : detail.isTextual() ? detail.asText() : Json.write(detail))
                    .eventBusName(text(e, "EventBusName"))
                    .traceHeader(text(e, "TraceHeader"))
                    .resources(resources);
            if (e.hasNonNull("Time")) {
                b.time(Instant.parse(e.get("Time").asText()));
            }
            request.add(b.build());
        }
        PutEventsResponse response;
        try {
            response = client().putEvents(r -> r.entries(request));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : "ServiceException";
            return TaskOutcome.Failure.of("EventBridge." + code, e.getMessage());
        } catch (SdkException e) {
            return TaskOutcome.Failure.fatal("States.Runtime", "cannot reach EventBridge at "
                    + environment.getOrDefault("AWS_ENDPOINT_URL", "AWS") + ": " + e.getMessage());
        }
        ObjectNode result = Json.object();
        ArrayNode out = result.putArray("Entries");
        for (PutEventsResultEntry r : response.entries()) {
            ObjectNode entry = out.addObject();
            if (r.eventId() != null) {
                entry.put("EventId", r.eventId());
            }
            if (r.errorCode() != null) {
                entry.put("ErrorCode", r.errorCode());
                entry.put("ErrorMessage", r.errorMessage());
            }
        }
        int failed = response.failedEntryCount() == null ? 0 : response.failedEntryCount();
        result.put("FailedEntryCount", failed);
        if (failed > 0) {
            return TaskOutcome.Failure.of("EventBridge.FailedEntry", Json.write(result));
        }
        return new TaskOutcome.Success(result);
    }

    private synchronized EventBridgeClient client() {
        if (client == null) {
            client = AwsClientConfig.build(EventBridgeClient.builder(), environment);
        }
        return client;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
