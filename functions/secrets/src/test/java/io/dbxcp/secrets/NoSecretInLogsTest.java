package io.dbxcp.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretRequest;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretResponse;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.settings.CreateOboTokenResponse;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.secrets.expiry.ExpiryCheckService;
import io.dbxcp.secrets.model.OAuthSecret;
import io.dbxcp.common.databricks.OboToken;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.secrets.model.SecretValues;
import io.dbxcp.secrets.rotation.OAuthSecretRotator;
import io.dbxcp.secrets.rotation.OboTokenRotator;
import io.dbxcp.secrets.rotation.RotationEvent;
import io.dbxcp.secrets.rotation.RotationHandler;
import io.dbxcp.secrets.rotation.RotationHandlerAccess;
import io.dbxcp.secrets.sync.ScopeSyncService;
import io.dbxcp.secrets.sync.SyncHandlerAccess;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs both kinds of rotation (with a failing test step), a scope sync and the expiry check through
 * their handlers with Powertools logging on, captures every line written to stdout and stderr (and
 * what the Lambda runtime would log of a failure: the exception and its stack), and checks that no
 * secret, token or rotation token issued or read appears in it.
 */
class NoSecretInLogsTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @RegisterExtension
    static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().build();

    private static final String ROTATION_TOKEN = "rotation-token-that-must-stay-private";

    @Test
    void noIssuedSecretOrTokenAppearsInAnyLogLine() throws Exception {
        Fixtures f = new Fixtures(moto, emu);
        Workspace w = f.workspace();
        long wsId = w.getWorkspaceId();
        ServicePrincipal sp = f.principal(Fixtures.unique("automation"));
        f.assign(wsId, sp);
        WorkspaceClient admin = f.adminWorkspace(wsId);
        CreateOboTokenResponse t0 = admin.tokenManagement().createOboToken(new CreateOboTokenRequest().setApplicationId(sp.getApplicationId())
                .setComment("dbxcp automation token"));
        String obo = f.createSecret("dbxcp/" + w.getWorkspaceName() + "/automation-token",
                Json.write(new OboToken(t0.getTokenValue(), t0.getTokenInfo().getTokenId(), sp.getApplicationId(), null, wsId, null)),
                Map.of(SecretTags.KIND, "obo-token", SecretTags.WORKSPACE_ID, Long.toString(wsId), SecretTags.APPLICATION_ID, sp.getApplicationId(),
                        SecretTags.SCOPE_SYNC, wsId + "/automation/token " + wsId + "/automation/app=application_id"));
        CreateServicePrincipalSecretResponse s0 = f.account.servicePrincipalSecrets().create(new CreateServicePrincipalSecretRequest()
                .setServicePrincipalId(sp.getId()));
        String oauth = f.createSecret("dbxcp/" + Fixtures.unique("etl") + "/oauth",
                Json.write(new OAuthSecret(sp.getApplicationId(), s0.getSecret(), s0.getId(), s0.getExpireTime())),
                Map.of(SecretTags.KIND, "sp-oauth-secret", SecretTags.SERVICE_PRINCIPAL_ID, sp.getId(), SecretTags.SCOPE_SYNC, wsId + "/etl/secret"));
        RotationHandler rotation = RotationHandlerAccess.handler(new io.dbxcp.secrets.rotation.RotationService(f.store,
                List.of(new OAuthSecretRotator(f.clients, Duration.ofDays(30)), new OboTokenRotator(f.directory, Duration.ofDays(7))),
                new ScopeSyncService(f.store, f.directory)));
        List<String> values = new ArrayList<>(List.of(t0.getTokenValue(), s0.getSecret(), ROTATION_TOKEN));
        StringWriter failures = new StringWriter();

        String text;
        try (LogCapture capture = new LogCapture()) {
            for (String arn : List.of(obo, oauth)) {
                String token = f.startRotation(arn);
                for (String step : List.of("createSecret", "setSecret", "testSecret", "finishSecret")) {
                    call(rotation, new RotationEvent(arn, token, step, ROTATION_TOKEN), failures);
                }
                values.add(f.valueOf(arn, token).orElseThrow());
            }
            // a rotation whose new token is revoked before testSecret: the failure is logged by the runtime
            String failing = f.startRotation(obo);
            call(rotation, new RotationEvent(obo, failing, "createSecret", ROTATION_TOKEN), failures);
            OboToken doomed = SecretValues.oboToken(obo, f.valueOf(obo, failing).orElseThrow());
            values.add(doomed.token());
            admin.tokenManagement().delete(doomed.tokenId());
            call(rotation, new RotationEvent(obo, failing, "testSecret", ROTATION_TOKEN), failures);
            // a sync through its handler, and the expiry check (every credential reported: a one-year window)
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SyncHandlerAccess.handler(new ScopeSyncService(f.store, f.directory)).handleRequest(
                    new ByteArrayInputStream(("{\"secretId\":\"" + oauth + "\"}").getBytes(StandardCharsets.UTF_8)), out, new TestContext());
            String busName = Fixtures.unique("dbxcp");
            try (BusListener bus = new BusListener(moto, busName, "Credential Expiring")) {
                new ExpiryCheckService(f.store, f.directory, bus.events, busName, Duration.ofDays(365), Clock.systemUTC()).check();
            }
            System.err.print(failures);
            text = capture.text();
        }

        assertThat(failures.toString()).contains("CredentialTestFailedException");
        assertThat(text).contains("createSecret").contains("finishSecret").contains("written to scope").contains("Credential Expiring");
        List<String> secrets = new ArrayList<>();
        for (String v : values) {
            secrets.add(v);
            try {
                secrets.add(SecretValues.oboToken("x", v).token());
            } catch (RuntimeException notAToken) {
                // not an obo-token value
            }
            try {
                secrets.add(SecretValues.oauthSecret("x", v).clientSecret());
            } catch (RuntimeException notAnOAuthSecret) {
                // not an OAuth secret value
            }
        }
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(8); // two first credentials, two issued, one revoked, the rotation token, two whole values
        for (String s : secrets) {
            assertThat(text).as("a log line holds a secret value").doesNotContain(s);
        }
    }

    private static void call(RotationHandler handler, RotationEvent event, StringWriter failures) {
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                    new TestContext("SecretRotationFunction"));
        } catch (Exception e) { // what the Lambda runtime logs of a failed invocation
            e.printStackTrace(new PrintWriter(failures));
        }
    }
}
