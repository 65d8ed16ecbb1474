package io.dbxcp.local.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What the workflows put on a bus, read back: a queue in moto behind a rule on the bus (made if
 * missing) that matches the project's events, or those of one detail-type.
 */
public final class BusListener implements AutoCloseable {
    private final EventBridgeClient events;
    private final SqsClient sqs;
    private final String queueUrl;

    /** Every event of source dbxcp.controlplane on {@code bus}, into queue {@code name}. */
    public BusListener(AwsSettings aws, String bus, String name) {
        this(aws, bus, name, "{\"source\":[\"dbxcp.controlplane\"]}");
    }

    public BusListener(AwsSettings aws, String bus, String name, String eventPattern) {
        events = AwsClients.build(EventBridgeClient.builder(), aws);
        sqs = AwsClients.build(SqsClient.builder(), aws);
        try {
            events.createEventBus(b -> b.name(bus));
        } catch (ResourceAlreadyExistsException exists) {
            // made by the runner's event bus preparer, or an earlier listener
        }
        queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(eventPattern));
        events.putTargets(b -> b.rule(name).eventBusName(bus).targets(t -> t.id("queue").arn(arn)));
    }

    public EventBridgeClient eventBridge() {
        return events;
    }

    /** The events that arrived since the last call, oldest first. */
    public List<JsonNode> events() {
        List<JsonNode> out = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            for (Message m : batch) {
                out.add(Json.read(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        } while (!batch.isEmpty());
        return out;
    }

    /** The events that arrived, waiting (at most 10 s) until at least {@code atLeast} came. */
    public List<JsonNode> events(int atLeast) {
        List<JsonNode> out = new ArrayList<>(events());
        Instant deadline = Instant.now().plusSeconds(10);
        while (out.size() < atLeast && Instant.now().isBefore(deadline)) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : batch) {
                out.add(Json.read(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        sqs.close();
        events.close();
    }
}
