package io.dbxcp.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.json.Json;
import io.dbxcp.testsupport.MotoServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A bus in moto whose events of one detail-type reach an SQS queue, read back in tests. */
public final class BusListener implements AutoCloseable {
    public final String busName;
    public final EventBridgeClient events;
    private final SqsClient sqs;
    private final String queueUrl;

    public BusListener(MotoServer moto, String busName, String detailType) {
        this.busName = busName;
        this.events = AwsClients.build(EventBridgeClient.builder(), moto.awsSettings());
        this.sqs = AwsClients.build(SqsClient.builder(), moto.awsSettings());
        String name = Fixtures.unique("events");
        queueUrl = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        try {
            events.createEventBus(b -> b.name(busName));
        } catch (software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException exists) {
            // a bus of that name from an earlier test: the new rule is enough
        }
        events.putRule(b -> b.name(name).eventBusName(busName)
                .eventPattern("{\"source\":[\"dbxcp.controlplane\"],\"detail-type\":[\"" + detailType + "\"]}"));
        events.putTargets(b -> b.rule(name).eventBusName(busName).targets(t -> t.id("queue").arn(queueArn)));
    }

    /** The events received, waiting (bounded) until at least {@code atLeast} came. */
    public List<JsonNode> received(int atLeast) {
        List<JsonNode> out = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(10);
        while (out.size() < atLeast && Instant.now().isBefore(deadline)) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            batch.forEach(m -> out.add(Json.read(m.body())));
        }
        return out;
    }

    @Override
    public void close() {
        sqs.close();
        events.close();
    }
}
