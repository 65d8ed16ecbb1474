package io.dbxcp.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.config.Env;
import io.dbxcp.common.errors.ConfigurationException;
import io.dbxcp.common.json.Json;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.SampleEvents;
import io.dbxcp.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The handler as Lambda builds it: no-arg constructor, configuration from the environment. */
class IntakeHandlerTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @AfterEach
    void clear() {
        Env.clearOverride();
    }

    @Test
    void handleRequest_sampleEventWithEnvironmentFromTheTemplate_startsTheWorkflow() throws Exception {
        SfnClient sfn = AwsClients.build(SfnClient.builder(), moto.awsSettings());
        AwsClients.build(EventBridgeClient.builder(), moto.awsSettings()).createEventBus(b -> b.name("handler-test"));
        String machine = sfn.createStateMachine(b -> b.name("handler-test-onboard").roleArn("arn:aws:iam::123456789012:role/sfn")
                .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}")).stateMachineArn();
        Map<String, String> env = new HashMap<>(moto.environment());
        env.put("EVENT_BUS_NAME", "handler-test");
        env.put("ONBOARD_ACCOUNT_STATE_MACHINE_ARN", machine);
        Env.override(env);

        var out = new ByteArrayOutputStream();
        new IntakeHandler().handleRequest(new ByteArrayInputStream(SampleEvents.text("organizations-create-account-result.json")
                .getBytes(StandardCharsets.UTF_8)), out, new TestContext("intake"));

        IntakeResult result = Json.MAPPER.readValue(out.toByteArray(), IntakeResult.class);
        assertThat(result.outcome()).isEqualTo(IntakeResult.Outcome.STARTED);
        assertThat(result.workflow()).isEqualTo("onboard-account");
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
    }

    @Test
    void priming_routesAndValidatesASampleRequestWithoutFailing() {
        Map<String, String> env = new HashMap<>(moto.environment());
        env.put("EVENT_BUS_NAME", "handler-test");
        Env.override(env);
        IntakeHandler handler = new IntakeHandler();

        handler.priming().prime();

        assertThat(handler.priming().failure()).isNull();
    }

    @Test
    void constructor_malformedStateMachineArn_failsNamingTheVariable() {
        Map<String, String> env = new HashMap<>(moto.environment());
        env.put("EVENT_BUS_NAME", "x");
        env.put("ROTATE_KEY_STATE_MACHINE_ARN", "rotate-key");
        Env.override(env);

        assertThatThrownBy(IntakeHandler::new).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ROTATE_KEY_STATE_MACHINE_ARN is not a state machine ARN");
    }
}
