package io.dbxcp.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.testsupport.BadInputs;
import io.dbxcp.testsupport.BadInputs.Bad;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A generated corpus of bad events: mutations of every sample of events/ that no valid request can
 * be. Each must be refused (an {@code Event Rejected} with at least one violation naming a field),
 * start nothing, and throw nothing. The mutations, per sample:
 * <ul>
 *   <li>the envelope: another source, another detail-type, no detail, a detail that is not an object;</li>
 *   <li>every required field of the detail removed, one at a time (the custom requests);</li>
 *   <li>an unknown field added at every object level of the detail (the custom requests refuse them);</li>
 *   <li>every string field whose schema has a pattern: empty, 10,000 characters, control characters,
 *       an injection string, an emoji, a number, a boolean, an array, an object (a mutation the
 *       field's own pattern would accept is skipped: the spec decides, not the test).</li>
 * </ul>
 * The detail's mutations come from {@link BadInputs}, which the console corpus
 * ({@code system/.../ConsoleInputCorpusTest}) shares.
 */
class BadInputCorpusTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    static IntakeService intake;
    static SfnClient sfn;
    static Map<Workflow, String> machines = new EnumMap<>(Workflow.class);
    static int refused;

    @BeforeAll
    static void setUp() {
        sfn = AwsClients.build(SfnClient.builder(), moto.awsSettings());
        EventBridgeClient events = AwsClients.build(EventBridgeClient.builder(), moto.awsSettings());
        events.createEventBus(b -> b.name("corpus"));
        for (Workflow w : Workflow.values()) {
            machines.put(w, sfn.createStateMachine(b -> b.name("corpus-" + w.id()).roleArn("arn:aws:iam::123456789012:role/sfn")
                    .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}")).stateMachineArn());
        }
        intake = new IntakeService(new IntakeConfig("corpus", machines), sfn, events);
    }

    @AfterAll
    static void figures() {
        System.out.println("bad-input corpus: " + refused + " events refused, none started an execution");
    }

    static Stream<Bad> corpus() {
        List<Bad> all = new ArrayList<>();
        for (String file : SampleEvents.all()) {
            ObjectNode sample = SampleEvents.json(file);
            all.add(BadInputs.mutate(file, "another source", "source", sample, e -> e.put("source", "attacker.example")));
            all.add(BadInputs.mutate(file, "another detail-type", "detail-type", sample, e -> e.put("detail-type", "Workspace Deleted")));
            all.add(BadInputs.mutate(file, "no detail", "detail", sample, e -> e.remove("detail")));
            all.add(BadInputs.mutate(file, "detail a string", "detail", sample, e -> e.put("detail", "{}")));
            String schema = BadInputs.requestSchemaOf(file);
            if (schema != null) all.addAll(BadInputs.fromSchema(file, sample, "detail", BadInputs.schema(schema)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void accept_badEvent_isRefusedAndStartsNothing(Bad bad) {
        long before = executions();

        IntakeResult result = intake.accept(bad.text().getBytes(StandardCharsets.UTF_8));

        assertThat(result.outcome()).isEqualTo(IntakeResult.Outcome.REJECTED);
        assertThat(result.violations()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.field()).isNotBlank();
            assertThat(v.reason()).isNotBlank();
        });
        assertThat(executions()).isEqualTo(before);
        refused++;
    }

    @org.junit.jupiter.api.Test
    void corpus_hasAtLeastTwoHundredBadEvents() {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(200);
    }

    static long executions() {
        return machines.values().stream().mapToLong(arn -> sfn.listExecutions(b -> b.stateMachineArn(arn)).executions().size()).sum();
    }
}
