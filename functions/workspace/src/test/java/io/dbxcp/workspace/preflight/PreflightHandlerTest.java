package io.dbxcp.workspace.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.config.Env;
import io.dbxcp.common.errors.ConfigurationException;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.json.Json;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.SampleEvents;
import io.dbxcp.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PreflightHandlerTest {
    @RegisterExtension
    static final MotoServer moto = MotoServer.shared();

    static final String DATABRICKS_ACCOUNT_ID = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";

    @AfterEach
    void clearEnvironment() {
        Env.clearOverride();
    }

    /** The state the state machine hands the step: the validated request (and, here, a field the step does not know). */
    static byte[] state(ObjectNode request) {
        ObjectNode state = Json.MAPPER.createObjectNode().put("workflow", "provision-workspace");
        state.set("request", request);
        state.putObject("later").put("ignored", true);
        return state.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Calls the handler the way the Lambda Java runtime does, bytes in and out. */
    static JsonNode invoke(PreflightHandler handler, byte[] state) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(state), out, new TestContext("preflight"));
        return Json.read(out.toString(StandardCharsets.UTF_8));
    }

    static Map<String, String> environment(String databricksAccountId) {
        Map<String, String> env = new HashMap<>(moto.environment());
        env.put("DATABRICKS_ACCOUNT_ID", databricksAccountId);
        env.put("TARGET_ACCOUNT_ROLE_NAME", ""); // own credentials: moto has one account
        return env;
    }

    @Test
    void handleRequest_noArgConstructorWithMotoEnvironment_passesThePreparedSample() throws IOException {
        ObjectNode detail = AwsFixtures.prepare(moto, DATABRICKS_ACCOUNT_ID, (ObjectNode) SampleEvents.copy("workspace-request.json").path("detail"));
        Env.override(environment(DATABRICKS_ACCOUNT_ID));

        JsonNode result = invoke(new PreflightHandler(), state(detail));

        assertThat(result.path("checked")).hasSize(8);
        assertThat(result.path("checked").get(0).asText()).startsWith("role arn:aws:iam::123456789012:role/databricks-cross-account-");
    }

    @Test
    void handleRequest_anotherDatabricksAccount_failsWithPreconditionFailed() {
        ObjectNode detail = AwsFixtures.prepare(moto, DATABRICKS_ACCOUNT_ID, (ObjectNode) SampleEvents.copy("workspace-request-minimal.json").path("detail"));
        PreflightHandler handler = new PreflightHandler(new PreflightService(new PreflightConfig("another-account", "414351767826"),
                (account, region) -> AccountClients.of(moto.awsSettings(), region)));

        assertThatThrownBy(() -> invoke(handler, state(detail)))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("trust policy requires sts:ExternalId " + DATABRICKS_ACCOUNT_ID + ", not the Databricks account id another-account");
    }

    @Test
    void constructor_withoutDatabricksAccountId_namesTheVariable() {
        Env.override(environment(""));

        assertThatThrownBy(PreflightHandler::new).isInstanceOf(ConfigurationException.class).hasMessageContaining("DATABRICKS_ACCOUNT_ID is not set");
    }

    @Test
    void config_databricksAwsAccountId_isConfigurableAndChecked() {
        Map<String, String> env = environment(DATABRICKS_ACCOUNT_ID);
        env.put("DATABRICKS_AWS_ACCOUNT_ID", "111111111111");
        Env.override(env);
        assertThat(PreflightConfig.fromEnv().databricksPrincipal()).isEqualTo("arn:aws:iam::111111111111:root");

        env.put("DATABRICKS_AWS_ACCOUNT_ID", "not-an-account");
        Env.override(env);
        assertThatThrownBy(PreflightConfig::fromEnv).isInstanceOf(ConfigurationException.class).hasMessageContaining("DATABRICKS_AWS_ACCOUNT_ID");
    }
}
