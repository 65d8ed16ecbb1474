package io.dbxcp.secrets.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.settings.CreateOboTokenResponse;
import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.databricks.OboToken;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.secrets.BusListener;
import io.dbxcp.secrets.Fixtures;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * sync-secret-scopes under Databricks faults, end to end on the local runner (Secrets Manager's
 * RotationSucceeded sample event, the real state machine and handlers, moto and the emulator): a
 * storm of 429s with Retry-After, 503s past the SDK's retries, a 500, an answer slower than the handlers'
 * HTTP timeout (2 s here, as a deployment sets it below the Lambda timeout) and an answer lost after
 * Databricks made the scope, on the scope's creation. Each test checks the outcome, the event, and
 * the workspace: the scope once, with its ACLs and the current value.
 */
class SecretScopeSyncFaultsTest {
    private static final String CREATE_SCOPE = "/api/2.0/secrets/scopes/create";

    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @RegisterExtension
    static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().build();

    @TempDir
    static Path history;

    private static LocalRunner runner;
    private Fixtures f;

    @BeforeAll
    static void startRunner() {
        Map<String, String> env = Fixtures.runnerEnvironment(moto, emu, Map.of("DATABRICKS_HTTP_TIMEOUT_SECONDS", "2"));
        runner = LocalRunner.builder().environment(env).waitScale(0).historyDir(history).quiet().build();
    }

    @AfterAll
    static void stopRunner() {
        if (runner != null) runner.close();
    }

    @BeforeEach
    void setUp() {
        emu.faults().clear();
        f = new Fixtures(moto, emu);
    }

    /** A workspace, its automation principal's token kept in a secret whose tags name a scope that does not exist yet. */
    record Scene(long workspaceId, String scope, String token, String secretArn, ObjectNode event) {}

    Scene scene() {
        Workspace w = f.workspace();
        long wsId = w.getWorkspaceId();
        ServicePrincipal sp = f.principal(Fixtures.unique("automation"));
        f.assign(wsId, sp);
        CreateOboTokenResponse token = f.adminWorkspace(wsId).tokenManagement().createOboToken(new CreateOboTokenRequest()
                .setApplicationId(sp.getApplicationId()).setComment("dbxcp automation token"));
        String scope = "automation-" + UUID.randomUUID().toString().substring(0, 8);
        String arn = f.createSecret("dbxcp/" + w.getWorkspaceName() + "/automation-token",
                Json.write(new OboToken(token.getTokenValue(), token.getTokenInfo().getTokenId(), sp.getApplicationId(), null, wsId, null)),
                Map.of(SecretTags.KIND, "obo-token", SecretTags.WORKSPACE_ID, Long.toString(wsId), SecretTags.APPLICATION_ID, sp.getApplicationId(),
                        SecretTags.SCOPE_SYNC, wsId + "/" + scope + "/token", SecretTags.SCOPE_ACLS, "admins=MANAGE data-engineers=READ"));
        ObjectNode event = SampleEvents.copy("secretsmanager-rotation-succeeded.json");
        event.put("account", MotoServer.ACCOUNT);
        event.put("id", UUID.randomUUID().toString());
        ((ObjectNode) event.at("/detail/additionalEventData")).put("SecretId", arn);
        return new Scene(wsId, scope, token.getTokenValue(), arn, event);
    }

    /** Succeeded and announced; the workspace has the scope once, with its ACLs and the token under its key. */
    void assertSyncedIntoOneScope(Execution ex, Scene s, BusListener bus) {
        assertThat(ex.succeeded()).as("%s: %s", ex.error(), ex.cause()).isTrue();
        WorkspaceClient ws = f.adminWorkspace(s.workspaceId());
        assertThat(StreamSupport.stream(ws.secrets().listScopes().spliterator(), false).filter(sc -> s.scope().equals(sc.getName())))
                .as("one scope %s", s.scope()).hasSize(1);
        List<AclItem> acls = StreamSupport.stream(ws.secrets().listAcls(s.scope()).spliterator(), false).toList();
        assertThat(acls).extracting(AclItem::getPrincipal, AclItem::getPermission)
                .contains(org.assertj.core.groups.Tuple.tuple("admins", AclPermission.MANAGE),
                        org.assertj.core.groups.Tuple.tuple("data-engineers", AclPermission.READ));
        String written = new String(Base64.getDecoder().decode(ws.secrets().getSecret(s.scope(), "token").getValue()), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(s.token());
        assertThat(bus.received(1)).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/secretArn").asText()).isEqualTo(s.secretArn());
            assertThat(e.toString()).doesNotContain(s.token());
        });
    }

    static List<RequestLog.Entry> scopeCreates(long after) {
        return emu.requests().stream().filter(r -> r.seq() > after && r.method().equals("POST") && r.path().equals(CREATE_SCOPE)).toList();
    }

    static long lastRequest() {
        List<RequestLog.Entry> all = emu.requests();
        return all.isEmpty() ? 0 : all.getLast().seq();
    }

    @Test
    void throttlingStormWithRetryAfter_onTheSecretScopeCreate_isWaitedOut_andMakesOneScope() throws Exception {
        Scene s = scene();
        // 3 answers 429 with Retry-After: 2 s: the SDK waits as told and its 4th attempt passes
        emu.faults().add(Faults.Rule.error("POST", CREATE_SCOPE, 3, 429, "REQUEST_LIMIT_EXCEEDED", "slow down").withRetryAfter(2));
        long before = lastRequest();

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secret Scopes Synced")) {
            Execution ex = runner.runEvent(s.event());

            assertSyncedIntoOneScope(ex, s, bus);
            List<RequestLog.Entry> attempts = scopeCreates(before);
            assertThat(attempts).extracting(RequestLog.Entry::status).containsExactly(429, 429, 429, 200);
            for (int i = 1; i < attempts.size(); i++) { // as told, not the SDK's own backoff (1 s, 2 s, 4 s, plus up to 0.75 s)
                Duration gap = Duration.between(Instant.parse(attempts.get(i - 1).time()), Instant.parse(attempts.get(i).time()));
                assertThat(gap).as("wait before attempt %d", i + 1).isBetween(Duration.ofMillis(1900), Duration.ofMillis(3500));
            }
            assertThat(ex.events("StateRetried", "SyncScopes")).as("the SDK waited it out").isEmpty();
            assertThat(ex.output().at("/sync/targets/0/scopeCreated").asBoolean()).isTrue();
        }
    }

    @Test
    void serviceUnavailablePastTheSdksRetries_onTheSecretScopeCreate_isRetriedByTheStateMachine_andMakesOneScope() throws Exception {
        Scene s = scene();
        // 6 answers 503: the SDK's 4 attempts (Retry-After 0 keeps its waits short), then the state machine's retry meets 2 more
        emu.faults().add(Faults.Rule.error("POST", CREATE_SCOPE, 6, 503, "TEMPORARILY_UNAVAILABLE", "try later").withRetryAfter(0));
        long before = lastRequest();

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secret Scopes Synced")) {
            Execution ex = runner.runEvent(s.event());

            assertSyncedIntoOneScope(ex, s, bus);
            assertThat(ex.events("TaskFailed", "SyncScopes")).singleElement()
                    .satisfies(e -> assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.TransientException"));
            assertThat(ex.events("StateRetried", "SyncScopes")).hasSize(1);
            assertThat(scopeCreates(before)).extracting(RequestLog.Entry::status).containsExactly(503, 503, 503, 503, 503, 503, 200);
        }
    }

    @Test
    void internalErrorOnTheSecretScopeCreate_isRetriedByTheStateMachine_andMakesOneScope() throws Exception {
        Scene s = scene();
        emu.faults().add(Faults.Rule.error("POST", CREATE_SCOPE, 1, 500, "INTERNAL_ERROR", "try again"));
        long before = lastRequest();

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secret Scopes Synced")) {
            Execution ex = runner.runEvent(s.event());

            assertSyncedIntoOneScope(ex, s, bus);
            assertThat(ex.events("StateRetried", "SyncScopes")).hasSize(1);
            assertThat(scopeCreates(before)).extracting(RequestLog.Entry::status).containsExactly(500, 200);
        }
    }

    @Test
    void answerSlowerThanTheClientTimeout_onTheSecretScopeCreate_isGivenUpAndRetried_andTheLateCreateFindsTheScopeMade() throws Exception {
        Scene s = scene();
        // the first create is served after 3 s; the handler gives up after 2 s and the step is retried
        emu.faults().add(Faults.Rule.latency("POST", CREATE_SCOPE, 1, 3000));
        // the retry's read of the scope's ACLs answers after 1.5 s (within the timeout), so the run outlasts the late create
        emu.faults().add(Faults.Rule.latency("GET", "/api/2.0/secrets/acls/list", 1, 1500));
        long before = lastRequest();

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secret Scopes Synced")) {
            Execution ex = runner.runEvent(s.event());

            assertSyncedIntoOneScope(ex, s, bus);
            assertThat(ex.events("TaskFailed", "SyncScopes")).singleElement().satisfies(e -> {
                assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.TransientException");
                assertThat(e.cause()).contains("timed out");
            });
            // the retry made the scope; the create given up on was served later and met it
            assertThat(scopeCreates(before)).extracting(RequestLog.Entry::status).containsExactly(200, 409);
        }
    }

    @Test
    void scopeCreateWhoseAnswerWasLostAfterDatabricksMadeTheScope_findsTheScopeAndMakesNoSecond() throws Exception {
        Scene s = scene();
        // Databricks makes the scope, the answer is lost (503), the SDK posts again and meets "already exists"
        emu.faults().add(Faults.Rule.error("POST", CREATE_SCOPE, 1, 503, "TEMPORARILY_UNAVAILABLE", "lost").withRetryAfter(0).servedFirst());
        long before = lastRequest();

        try (BusListener bus = new BusListener(moto, "dbxcp", "Secret Scopes Synced")) {
            Execution ex = runner.runEvent(s.event());

            assertSyncedIntoOneScope(ex, s, bus);
            assertThat(scopeCreates(before)).extracting(RequestLog.Entry::status).containsExactly(503, 409);
            assertThat(ex.events("StateRetried", "SyncScopes")).isEmpty();
        }
    }
}
