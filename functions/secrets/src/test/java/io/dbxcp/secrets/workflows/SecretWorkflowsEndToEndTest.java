package io.dbxcp.secrets.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.settings.CreateOboTokenResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.secrets.BusListener;
import io.dbxcp.secrets.Fixtures;
import io.dbxcp.common.databricks.OboToken;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * rotate-secrets and sync-secret-scopes end to end on the local runner: the real state machines and
 * handlers, the sample events of events/ routed by the intake's router (their secret ARNs and account
 * rewritten to the secrets made in moto), moto for AWS and the Databricks emulator.
 *
 * <p>moto cannot run the Java rotation function: its RotateSecret, called without a function (as
 * StartRotation calls it: the secret's own configuration), completes at once by making the new
 * version AWSCURRENT. So rotate-secrets is checked for the RotateSecret call it makes, the version
 * it names, and the Map's result per secret; the four steps themselves are the rotation tests'.
 */
class SecretWorkflowsEndToEndTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @RegisterExtension
    static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().build();

    @TempDir
    static Path history;

    private static LocalRunner runner;

    @BeforeAll
    static void startRunner() {
        Map<String, String> env = Fixtures.runnerEnvironment(moto, emu, Map.of());
        runner = LocalRunner.builder().environment(env).waitScale(0).historyDir(history).quiet().build();
    }

    @AfterAll
    static void stopRunner() {
        if (runner != null) runner.close();
    }

    @Test
    void bothWorkflows_passTheRunnersCheck_substitutionsHandlersAndErrorNames() {
        assertThat(runner.check("rotate-secrets")).isEmpty();
        assertThat(runner.check("sync-secret-scopes")).isEmpty();
    }

    @Test
    void rotateSecrets_sampleRequest_rotatesTheSecretUnderRotation_refusesTheOther_andAnnouncesBoth() throws Exception {
        Fixtures f = new Fixtures(moto, emu);
        String ours = f.createSecret("dbxcp/" + Fixtures.unique("analytics") + "/automation-token", "{\"token\":\"x\"}",
                Map.of(SecretTags.KIND, "obo-token"));
        f.sm.rotateSecret(b -> b.secretId(ours).rotationLambdaARN(Fixtures.rotationFunctionArn(moto))
                .rotationRules(r -> r.automaticallyAfterDays(30L)).rotateImmediately(false));
        String notOurs = f.createSecret("dbxcp/" + Fixtures.unique("other") + "/thing", "v", Map.of());
        ObjectNode event = SampleEvents.copy("secret-rotation-request.json");
        String requestId = "req-" + UUID.randomUUID().toString().substring(0, 8);
        event.put("account", MotoServer.ACCOUNT);
        ((ObjectNode) event.get("detail")).put("requestId", requestId);
        ((ObjectNode) event.get("detail")).set("secretIds", Json.tree(List.of(ours, notOurs)));

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secrets Rotated")) {
            Execution ex = runner.runEvent(event);

            assertThat(ex.succeeded()).as("%s: %s", ex.error(), ex.cause()).isTrue();
            assertThat(ex.name()).isEqualTo("rotate-" + requestId);
            JsonNode results = ex.output().path("results");
            assertThat(results).hasSize(2);
            JsonNode rotated = results.get(0);
            assertThat(rotated.path("secretArn").asText()).isEqualTo(ours);
            assertThat(rotated.path("status").asText()).isEqualTo("ROTATED");
            String versionId = rotated.path("versionId").asText();
            assertThat(f.stages(ours).get(versionId)).as("RotateSecret was called with the derived version id").contains("AWSCURRENT");
            assertThat(results.get(1).path("status").asText()).isEqualTo("REFUSED");
            assertThat(results.get(1).path("reason").asText()).contains("dbxcp:kind");
            assertThat(ex.statesEntered()).contains("StartRotation", "WaitForRotation", "CheckRotation", "AnnounceRotation");

            List<JsonNode> announced = bus.received(1);
            assertThat(announced).hasSize(1);
            assertThat(announced.getFirst().path("detail").path("requestId").asText()).isEqualTo(requestId);
            assertThat(announced.getFirst().path("detail").path("results")).hasSize(2);
        }
    }

    @Test
    void rotateSecrets_aSecretOutsideDbxcp_isRefusedBeforeAnyRotation_announced_andFailsTheExecution() throws Exception {
        ObjectNode event = SampleEvents.copy("secret-rotation-request.json");
        String requestId = "req-" + UUID.randomUUID().toString().substring(0, 8);
        event.put("account", MotoServer.ACCOUNT);
        ((ObjectNode) event.get("detail")).put("requestId", requestId);
        ((ObjectNode) event.get("detail")).set("secretIds", Json.tree(List.of("other-team/db-password"))); // ValidateRequest refuses it

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secrets Rotated")) {
            Execution ex = runner.runEvent(event);

            assertThat(ex.status()).isEqualTo("FAILED");
            assertThat(ex.error()).isEqualTo("SecretsRequestRefused");
            assertThat(ex.events("StateRetried", "ValidateRequest")).as("an invalid request is not retried").isEmpty();
            assertThat(ex.statesEntered()).doesNotContain("StartRotation");
            JsonNode detail = bus.received(1).getFirst().path("detail");
            assertThat(detail.path("results")).isEmpty();
            assertThat(detail.path("failedStep").asText()).isEqualTo("ValidateRequest");
            assertThat(detail.path("error").asText()).isEqualTo("io.dbxcp.common.errors.InvalidRequestException");
            assertThat(detail.path("cause").asText()).contains("request.secretIds[0]").contains("dbxcp/");
        }
    }

    @Test
    void syncSecretScopes_anUnknownFieldInTheRequest_isRefusedBeforeAnyCall_andAnnounced() throws Exception {
        ObjectNode input = (ObjectNode) Json.read("{\"workflow\": \"sync-secret-scopes\", \"request\": {\"secretId\": \"dbxcp/a/b\", \"extra\": 1}}");

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secret Scope Sync Failed")) {
            Execution ex = runner.run("sync-secret-scopes", input, "console-" + UUID.randomUUID().toString().substring(0, 8));

            assertThat(ex.status()).isEqualTo("FAILED");
            assertThat(ex.error()).isEqualTo("SecretScopeSyncFailed");
            assertThat(ex.statesEntered()).doesNotContain("EnsureRotation");
            JsonNode detail = bus.received(1).getFirst().path("detail");
            assertThat(detail.path("error").asText()).isEqualTo("io.dbxcp.common.errors.InvalidRequestException");
            assertThat(detail.path("cause").asText()).contains("request.extra: is not a known field");
        }
    }

    @Test
    void syncSecretScopes_sampleRotationSucceeded_putsANewSecretUnderRotation_andWritesItsScope() throws Exception {
        Fixtures f = new Fixtures(moto, emu);
        Workspace w = f.workspace();
        long wsId = w.getWorkspaceId();
        ServicePrincipal sp = f.principal(Fixtures.unique("automation"));
        f.assign(wsId, sp);
        CreateOboTokenResponse token = f.adminWorkspace(wsId).tokenManagement().createOboToken(new CreateOboTokenRequest()
                .setApplicationId(sp.getApplicationId()).setComment("dbxcp automation token"));
        String arn = f.createSecret("dbxcp/" + w.getWorkspaceName() + "/automation-token",
                Json.write(new OboToken(token.getTokenValue(), token.getTokenInfo().getTokenId(), sp.getApplicationId(), null, wsId, null)),
                Map.of(SecretTags.KIND, "obo-token", SecretTags.WORKSPACE_ID, Long.toString(wsId), SecretTags.APPLICATION_ID, sp.getApplicationId(),
                        SecretTags.SCOPE_SYNC, wsId + "/automation/token", SecretTags.SCOPE_ACLS, "admins=MANAGE data-engineers=READ"));
        ObjectNode event = SampleEvents.copy("secretsmanager-rotation-succeeded.json");
        event.put("account", MotoServer.ACCOUNT);
        event.put("id", UUID.randomUUID().toString());
        ((ObjectNode) event.at("/detail/additionalEventData")).put("SecretId", arn);

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secret Scopes Synced")) {
            Execution ex = runner.runEvent(event);

            assertThat(ex.succeeded()).as("%s: %s", ex.error(), ex.cause()).isTrue();
            assertThat(ex.output().at("/rotation/status").asText()).isEqualTo("TURNED_ON");
            JsonNode target = ex.output().at("/sync/targets/0");
            assertThat(target.path("scope").asText()).isEqualTo("automation");
            assertThat(target.path("scopeCreated").asBoolean()).isTrue();
            assertThat(f.sm.describeSecret(b -> b.secretId(arn)).rotationEnabled()).isTrue();
            String written = new String(Base64.getDecoder().decode(f.adminWorkspace(wsId).secrets().getSecret("automation", "token").getValue()),
                    StandardCharsets.UTF_8);
            assertThat(written).isEqualTo(token.getTokenValue());
            List<JsonNode> announced = bus.received(1);
            assertThat(announced).hasSize(1);
            assertThat(announced.getFirst().path("detail").path("secretArn").asText()).isEqualTo(arn);
            assertThat(announced.getFirst().toString()).doesNotContain(token.getTokenValue());
            assertThat(ex.output().toString()).doesNotContain(token.getTokenValue());

            Execution again = runner.run("sync-secret-scopes", ex.input(), "scope-sync-again-" + UUID.randomUUID().toString().substring(0, 8));
            assertThat(again.succeeded()).isTrue();
            assertThat(again.output().at("/rotation/status").asText()).isEqualTo("ALREADY_ON");
            assertThat(again.output().at("/sync/targets/0/scopeCreated").asBoolean()).isFalse();
            assertThat(again.output().at("/sync/targets/0/aclsPut")).isEmpty();
        }
    }

    @Test
    void syncSecretScopes_aSecretOutsideDbxcp_failsWithItsEvent() {
        ObjectNode input = (ObjectNode) Json.read("{\"workflow\":\"sync-secret-scopes\",\"trigger\":{},\"request\":{\"secretId\":\"prod/db\"}}");

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secret Scope Sync Failed")) {
            Execution ex = runner.run("sync-secret-scopes", input);

            assertThat(ex.status()).isEqualTo("FAILED");
            assertThat(ex.error()).isEqualTo("SecretScopeSyncFailed");
            assertThat(bus.received(1)).singleElement().satisfies(e ->
                    assertThat(e.path("detail").path("error").asText()).isEqualTo("io.dbxcp.common.errors.InvalidRequestException"));
        }
    }
}
