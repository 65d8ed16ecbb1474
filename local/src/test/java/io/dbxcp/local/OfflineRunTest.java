package io.dbxcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.local.offline.AwsClientConfig;
import io.dbxcp.local.offline.OfflineBackends;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The default run's offline world: moto from .venv (scripts/test creates it) and the Databricks emulator in this
 * JVM, with the handlers pointed at them.
 */
class OfflineRunTest {

    @TempDir
    static Path history;

    private static OfflineBackends offline;
    private static LocalRunner runner;

    @BeforeAll
    static void start() {
        offline = OfflineBackends.start(ProjectRoot.find(), System.out);
        runner = Fixtures.runner(history).environment(offline.environment()).build();
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
        if (offline != null) {
            offline.close();
        }
    }

    @Test
    void handlers_callTheDatabricksEmulator_withTheAccountAdminCredentials() {
        Execution ex = runner.run("databricks-call", "{}");

        assertThat(ex.status()).as("%s %s", ex.error(), ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.output().get("accountId").asText()).isEqualTo(offline.emulator().accountId());
        assertThat(ex.output().get("host").asText()).isEqualTo(offline.emulator().baseUrl());
        assertThat(ex.output().get("workspaces").asInt()).isZero();
        assertThat(offline.emulator().requests()).isNotEmpty();
    }

    /** Moto's events reach the queue through a rule: putEvents goes to the bus, as Step Functions sends it. */
    @Test
    void putEvents_sendsTheEntryToTheBus_withTheExecutionInResources() {
        JsonNode input = Json.parse("{\"requestId\":\"req-42\"}");
        offline.prepare(runner, "publish", input);
        try (EventBridgeClient events = AwsClientConfig.build(EventBridgeClient.builder(), offline.environment());
                SqsClient sqs = AwsClientConfig.build(SqsClient.builder(), offline.environment())) {
            String queueUrl = sqs.createQueue(r -> r.queueName("published")).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            events.putRule(r -> r.name("all-fixture").eventBusName("dbxcp-fixture-dev")
                    .eventPattern("{\"source\":[\"dbxcp.fixture\"]}"));
            events.putTargets(r -> r.rule("all-fixture").eventBusName("dbxcp-fixture-dev")
                    .targets(t -> t.id("queue").arn(queueArn)));

            Execution ex = runner.run("publish", input);

            assertThat(ex.status()).as("%s %s", ex.error(), ex.cause()).isEqualTo("SUCCEEDED");
            assertThat(ex.output().at("/published/FailedEntryCount").asInt()).isZero();
            assertThat(ex.output().at("/published/Entries/0/EventId").asText()).isNotBlank();
            HistoryEvent task = ex.events("TaskSucceeded", "Announce").getFirst();
            assertThat(task.get("parameters").at("/Entries/0/Detail/requestId").asText()).isEqualTo("req-42");

            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(10)
                    .maxNumberOfMessages(1)).messages();
            assertThat(messages).hasSize(1);
            JsonNode event = Json.parse(messages.getFirst().body());
            assertThat(event.get("detail-type").asText()).isEqualTo("Workspace Provisioned");
            assertThat(event.get("source").asText()).isEqualTo("dbxcp.fixture");
            assertThat(event.at("/detail/requestId").asText()).isEqualTo("req-42");
            assertThat(event.get("resources").toString()).contains(ex.executionArn());
        }
    }
}
