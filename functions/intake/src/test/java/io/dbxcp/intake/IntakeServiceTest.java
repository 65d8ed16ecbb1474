package io.dbxcp.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.validation.Violation;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The intake against moto's Step Functions, EventBridge and SQS, through the real SDK clients. */
class IntakeServiceTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    static final String BUS = "dbxcp-intake-test";
    static SfnClient sfn;
    static EventBridgeClient events;
    static SqsClient sqs;
    static String rejectedQueueUrl;
    static Map<Workflow, String> machines = new EnumMap<>(Workflow.class);

    IntakeService intake;

    @BeforeAll
    static void setUpAws() {
        sfn = AwsClients.build(SfnClient.builder(), moto.awsSettings());
        events = AwsClients.build(EventBridgeClient.builder(), moto.awsSettings());
        sqs = AwsClients.build(SqsClient.builder(), moto.awsSettings());
        events.createEventBus(b -> b.name(BUS));
        rejectedQueueUrl = sqs.createQueue(b -> b.queueName("intake-test-rejections")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(rejectedQueueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        events.putRule(b -> b.name("rejections").eventBusName(BUS)
                .eventPattern("{\"source\":[\"dbxcp.controlplane\"],\"detail-type\":[\"Event Rejected\"]}"));
        events.putTargets(b -> b.rule("rejections").eventBusName(BUS).targets(t -> t.id("queue").arn(queueArn)));
        for (Workflow w : Workflow.values()) {
            String arn = sfn.createStateMachine(b -> b.name("intake-test-" + w.id())
                    .roleArn("arn:aws:iam::" + MotoServer.ACCOUNT + ":role/sfn")
                    .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}")).stateMachineArn();
            machines.put(w, arn);
        }
    }

    @BeforeEach
    void setUp() {
        intake = new IntakeService(new IntakeConfig(BUS, machines), sfn, events);
        drainRejections();
    }

    static Stream<Arguments> samples() {
        return SampleEvents.all().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void accept_sampleEvent_startsOneExecutionOfItsWorkflowWithTheRoutedInput(String file) {
        Routed expected = new EventRouter().route(SampleEvents.json(file));
        String machine = machines.get(expected.workflow());
        int before = executions(machine).size();

        IntakeResult result = intake.accept(bytes(SampleEvents.text(file)));

        assertThat(result.outcome()).isIn(IntakeResult.Outcome.STARTED, IntakeResult.Outcome.DUPLICATE);
        assertThat(result.executionName()).isEqualTo(expected.executionName());
        var execution = sfn.describeExecution(b -> b.executionArn(result.executionArn()));
        assertThat(execution.stateMachineArn()).isEqualTo(machine);
        assertThat(Json.read(execution.input())).isEqualTo(expected.input());
        if (result.outcome() == IntakeResult.Outcome.STARTED) assertThat(executions(machine)).hasSize(before + 1);
        assertThat(rejections()).isEmpty();
    }

    @Test
    void accept_sameEventDeliveredThreeTimes_startsOneExecutionAndAnswersTheSameArn() {
        ObjectNode event = SampleEvents.copy("workspace-request.json");
        ((ObjectNode) event.path("detail")).put("requestId", "req-dup-three-times");
        String machine = machines.get(Workflow.PROVISION_WORKSPACE);
        int before = executions(machine).size();

        List<IntakeResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) results.add(intake.accept(bytes(event.toString())));

        assertThat(results).extracting(IntakeResult::outcome).containsExactly(
                IntakeResult.Outcome.STARTED, IntakeResult.Outcome.DUPLICATE, IntakeResult.Outcome.DUPLICATE);
        assertThat(results).extracting(IntakeResult::executionArn).containsOnly(results.get(0).executionArn());
        assertThat(executions(machine)).hasSize(before + 1);
        assertThat(rejections()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void accept_everyTriggerDeliveredThreeTimes_hasOneExecution(String file) {
        Routed routed = new EventRouter().route(SampleEvents.json(file));
        String machine = machines.get(routed.workflow());

        List<IntakeResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) results.add(intake.accept(bytes(SampleEvents.text(file))));

        assertThat(results.subList(1, 3)).extracting(IntakeResult::outcome).containsOnly(IntakeResult.Outcome.DUPLICATE);
        assertThat(results).extracting(IntakeResult::executionArn).containsOnly(results.get(0).executionArn());
        assertThat(executions(machine)).filteredOn(e -> e.name().equals(routed.executionName())).hasSize(1);
        assertThat(rejections()).isEmpty();
    }

    @Test
    void accept_sameRequestIdWithADifferentRequest_isRejectedNotMerged() {
        ObjectNode first = SampleEvents.copy("workspace-request-minimal.json");
        ((ObjectNode) first.path("detail")).put("requestId", "req-reused-id");
        ObjectNode second = first.deepCopy();
        ((ObjectNode) second.path("detail")).put("workspaceName", "another-name");

        assertThat(intake.accept(bytes(first.toString())).outcome()).isEqualTo(IntakeResult.Outcome.STARTED);
        IntakeResult result = intake.accept(bytes(second.toString()));

        assertThat(result.outcome()).isEqualTo(IntakeResult.Outcome.REJECTED);
        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("detail.requestId");
            assertThat(v.reason()).contains("already used");
        });
        assertThat(rejections()).hasSize(1);
    }

    /** A bad input, the violations it must produce (field, a word of the reason). */
    record Bad(String name, String event, List<Violation> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Bad bad(String name, String sample, Consumer<ObjectNode> mutate, String... fieldAndReason) {
        ObjectNode event = SampleEvents.copy(sample);
        mutate.accept(event);
        List<Violation> expected = new ArrayList<>();
        for (int i = 0; i < fieldAndReason.length; i += 2) expected.add(new Violation(fieldAndReason[i], fieldAndReason[i + 1]));
        return new Bad(name, event.toString(), expected);
    }

    static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.path("detail");
    }

    static Stream<Bad> badInputs() {
        return Stream.of(
                new Bad("malformed JSON", "{\"version\":\"0\",\"id\":", List.of(new Violation("event", "not valid JSON"))),
                new Bad("not an object", "[1,2,3]", List.of(new Violation("event", "not a JSON object"))),
                bad("unknown detail-type", "workspace-request.json", e -> e.put("detail-type", "Workspace Exploded"),
                        "detail-type", "no workflow serves"),
                bad("wrong source", "workspace-request.json", e -> e.put("source", "someone.else"), "detail-type", "someone.else"),
                bad("missing envelope fields", "workspace-request.json", e -> e.remove(List.of("id", "time")),
                        "event.id", "required", "event.time", "required"),
                bad("missing detail fields", "workspace-request-minimal.json", e -> detail(e).remove(List.of("rootBucket", "crossAccountRoleArn")),
                        "detail.crossAccountRoleArn", "required", "detail.rootBucket", "required"),
                bad("extra detail field", "workspace-request-minimal.json", e -> detail(e).put("workspaceNmae", "typo"),
                        "detail.workspaceNmae", "not a known field"),
                bad("wrong type", "workspace-request-minimal.json", e -> detail(e).put("awsAccountId", 111122223333L),
                        "detail.awsAccountId", "string"),
                bad("role ARN of the wrong shape", "workspace-request-minimal.json", e -> detail(e).put("crossAccountRoleArn", "arn:aws:iam::1111:user/bob"),
                        "detail.crossAccountRoleArn", "pattern"),
                bad("role in a foreign account", "workspace-request-minimal.json",
                        e -> detail(e).put("crossAccountRoleArn", "arn:aws:iam::999988887777:role/databricks-cross-account"),
                        "detail.crossAccountRoleArn", "999988887777"),
                bad("key in another region", "workspace-request.json", e -> ((ObjectNode) detail(e).path("keys"))
                                .put("managedServicesKeyArn", "arn:aws:kms:eu-west-1:111122223333:key/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"),
                        "detail.keys.managedServicesKeyArn", "eu-west-1"),
                bad("unsupported region", "workspace-request-minimal.json", e -> detail(e).put("region", "mars-north-1"),
                        "detail.region", "enumeration"),
                bad("one subnet", "workspace-request.json", e -> ((ArrayNode) detail(e).path("network").path("subnetIds")).removeAll().add("subnet-0a1b2c3d4e5f60711"),
                        "detail.network.subnetIds", "2"),
                bad("empty workspace name", "workspace-request-minimal.json", e -> detail(e).put("workspaceName", ""),
                        "detail.workspaceName", "pattern"),
                bad("control characters in a name", "workspace-request-minimal.json", e -> detail(e).put("workspaceName", "ws\u0000\u0007name"),
                        "detail.workspaceName", "pattern"),
                bad("injection in the request id", "workspace-request-minimal.json", e -> detail(e).put("requestId", "x'; DROP TABLE--"),
                        "detail.requestId", "pattern"),
                bad("glue without a VPC", "workspace-request-minimal.json", e -> detail(e).putObject("configure").putObject("metastore").put("type", "GLUE"),
                        "detail.configure.metastore.type", "customer-managed VPC"),
                bad("key replacement naming both targets", "key-replacement-request.json", e -> detail(e).putArray("workspaceIds").add(1),
                        "detail.workspaceIds", "not both"),
                bad("failed account creation", "controltower-create-managed-account.json",
                        e -> ((ObjectNode) e.path("detail").path("serviceEventDetails").path("createManagedAccountStatus")).put("state", "FAILED"),
                        "detail.serviceEventDetails.createManagedAccountStatus.state", "SUCCEEDED"),
                bad("KMS event for a key of another account", "kms-cmk-rotation.json",
                        e -> ((ArrayNode) e.path("resources")).set(0, "arn:aws:kms:us-east-1:999988887777:key/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"),
                        "event.resources[0]", "999988887777"),
                bad("CloudTrail key event with an alias", "cloudtrail-kms-disable-key.json", e -> {
                    detail(e).remove("resources");
                    ((ObjectNode) detail(e).path("requestParameters")).put("keyId", "alias/prod");
                }, "detail.requestParameters.keyId", "alias"),
                bad("oversized detail", "workspace-request-minimal.json", e -> detail(e).putObject("customTags").put("big", "x".repeat(70_000)),
                        "detail", "more than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void accept_badInput_startsNothingAndPutsARejectionNamingEachField(Bad bad) {
        Map<Workflow, Integer> before = counts();

        IntakeResult result = intake.accept(bytes(bad.event()));

        assertThat(result.outcome()).isEqualTo(IntakeResult.Outcome.REJECTED);
        for (Violation v : bad.expected()) {
            assertThat(result.violations()).as("violations").anySatisfy(actual -> {
                assertThat(actual.field()).isEqualTo(v.field());
                assertThat(actual.reason()).containsIgnoringCase(v.reason());
            });
        }
        assertThat(counts()).isEqualTo(before);
        List<JsonNode> rejected = rejections();
        assertThat(rejected).hasSize(1);
        JsonNode detail = rejected.get(0).path("detail");
        assertThat(rejected.get(0).path("detail-type").asText()).isEqualTo("Event Rejected");
        assertThat(Json.convert(detail.path("violations"), Violation[].class)).containsExactlyElementsOf(result.violations());
        if (detail.has("originalEvent")) {
            assertThat(detail.path("originalEvent")).isEqualTo(Json.read(bad.event()));
        } else {
            assertThat(bad.event()).startsWith(detail.path("originalEventText").asText());
        }
    }

    @Test
    void accept_eventLargerThanEventBridgeAllows_isRejectedWithATruncatedCopy() {
        String huge = "{\"padding\":\"" + "x".repeat(IntakeService.MAX_EVENT_BYTES) + "\"}";

        IntakeResult result = intake.accept(bytes(huge));

        assertThat(result.outcome()).isEqualTo(IntakeResult.Outcome.REJECTED);
        assertThat(result.violations()).singleElement().satisfies(v -> assertThat(v.reason()).contains("more than"));
        JsonNode detail = rejections().get(0).path("detail");
        assertThat(detail.path("originalEventTruncated").asBoolean()).isTrue();
        assertThat(detail.path("originalEventBytes").asInt()).isEqualTo(huge.length());
    }

    @Test
    void accept_workflowWithoutAStateMachine_isRejectedNamingTheVariable() {
        Map<Workflow, String> some = new EnumMap<>(machines);
        some.remove(Workflow.MOUNT_BUCKETS);
        intake = new IntakeService(new IntakeConfig(BUS, some), sfn, events);

        IntakeResult result = intake.accept(bytes(SampleEvents.text("bucket-mount-request.json")));

        assertThat(result.outcome()).isEqualTo(IntakeResult.Outcome.REJECTED);
        assertThat(result.violations()).singleElement().satisfies(v -> assertThat(v.reason()).contains("MOUNT_BUCKETS_STATE_MACHINE_ARN"));
    }

    @Test
    void accept_stepFunctionsUnreachable_throwsTransientSoLambdaRetriesAndTheDlqKeepsTheEvent() {
        Map<Workflow, String> missing = new EnumMap<>(machines);
        missing.put(Workflow.PROVISION_WORKSPACE, "arn:aws:states:us-east-1:" + MotoServer.ACCOUNT + ":stateMachine:does-not-exist");
        intake = new IntakeService(new IntakeConfig(BUS, missing), sfn, events);

        assertThatThrownBy(() -> intake.accept(bytes(SampleEvents.text("workspace-request-minimal.json"))))
                .isInstanceOf(TransientException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ExecutionListItem> executions(String machine) {
        return sfn.listExecutions(b -> b.stateMachineArn(machine)).executions();
    }

    private static Map<Workflow, Integer> counts() {
        Map<Workflow, Integer> counts = new EnumMap<>(Workflow.class);
        machines.forEach((w, arn) -> counts.put(w, executions(arn).size()));
        return counts;
    }

    private static List<JsonNode> rejections() {
        List<JsonNode> out = new ArrayList<>();
        List<Message> messages;
        do {
            messages = sqs.receiveMessage(b -> b.queueUrl(rejectedQueueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            for (Message m : messages) {
                out.add(Json.read(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(rejectedQueueUrl).receiptHandle(m.receiptHandle()));
            }
        } while (!messages.isEmpty());
        return out;
    }

    private static void drainRejections() {
        rejections();
    }
}
