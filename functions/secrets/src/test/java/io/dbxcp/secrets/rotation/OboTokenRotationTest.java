package io.dbxcp.secrets.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.settings.CreateOboTokenResponse;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.secrets.Fixtures;
import io.dbxcp.common.databricks.OboToken;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.secrets.model.SecretValues;
import io.dbxcp.testsupport.MotoServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OboTokenRotationTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @RegisterExtension
    static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

    private Fixtures f;
    private RotationCalls calls;
    private long wsId;
    private WorkspaceClient admin;
    private ServicePrincipal sp;
    private CreateOboTokenResponse first;
    private String arn;

    @BeforeEach
    void setUp() {
        f = new Fixtures(moto, emu);
        calls = new RotationCalls(f);
        Workspace w = f.workspace();
        wsId = w.getWorkspaceId();
        sp = f.principal(Fixtures.unique("automation"));
        f.assign(wsId, sp);
        admin = f.adminWorkspace(wsId);
        // as the provisioning workflow stores it
        first = admin.tokenManagement().createOboToken(new CreateOboTokenRequest().setApplicationId(sp.getApplicationId())
                .setLifetimeSeconds(Duration.ofDays(30).toSeconds()).setComment("dbxcp automation token of workspace " + w.getWorkspaceName()));
        arn = f.createSecret("dbxcp/" + w.getWorkspaceName() + "/automation-token",
                Json.write(new OboToken(first.getTokenValue(), first.getTokenInfo().getTokenId(), sp.getApplicationId(),
                        Instant.ofEpochMilli(first.getTokenInfo().getExpiryTime()).toString(), wsId,
                        "https://" + w.getDeploymentName() + ".cloud.databricks.com")),
                Map.of(SecretTags.KIND, "obo-token", SecretTags.WORKSPACE_ID, Long.toString(wsId), SecretTags.APPLICATION_ID, sp.getApplicationId(),
                        SecretTags.SCOPE_SYNC, wsId + "/automation/token"));
        emu.clock().advance(Duration.ofMinutes(1));
    }

    @Test
    void twoRotations_eachStepCalledTwice_revokeOnlyThePreviousButOneAndSyncTheScope() {
        CreateOboTokenResponse manual = admin.tokenManagement().createOboToken(new CreateOboTokenRequest()
                .setApplicationId(sp.getApplicationId()).setComment("made by hand")); // older, but not ours: never revoked
        emu.clock().advance(Duration.ofMinutes(1));

        String t1 = f.startRotation(arn);
        for (String step : RotationCalls.STEPS.subList(0, 3)) {
            calls.step(arn, t1, step);
            calls.step(arn, t1, step);
        }
        assertThat(admin.tokenManagement().list(new com.databricks.sdk.service.settings.ListTokenManagementRequest())).hasSize(3);
        OboToken second = SecretValues.oboToken(arn, f.valueOf(arn, t1).orElseThrow());
        assertThat(second.workspaceId()).isEqualTo(wsId);
        assertThat(second.applicationId()).isEqualTo(sp.getApplicationId());
        assertThat(second.expiryTime()).isNotNull();
        assertThat(f.patWorks(wsId, first.getTokenValue())).isTrue();

        RotationOutcome finish1 = calls.step(arn, t1, "finishSecret");
        assertThat(finish1.synced()).containsExactly(wsId + "/automation/token");
        assertThat(finish1.retired()).isEmpty();
        assertThat(calls.step(arn, t1, "finishSecret").result()).isEqualTo("FINISHED");
        assertThat(scopeValue()).isEqualTo(second.token());
        assertThat(f.patWorks(wsId, first.getTokenValue())).isTrue();
        assertThat(f.patWorks(wsId, second.token())).isTrue();

        emu.clock().advance(Duration.ofMinutes(1));
        String t2 = f.startRotation(arn);
        for (String step : RotationCalls.STEPS.subList(0, 3)) {
            calls.step(arn, t2, step);
            calls.step(arn, t2, step);
        }
        OboToken third = SecretValues.oboToken(arn, f.valueOf(arn, t2).orElseThrow());
        assertThat(f.patWorks(wsId, first.getTokenValue())).as("the previous-but-one works until finishSecret").isTrue();

        RotationOutcome finish2 = calls.step(arn, t2, "finishSecret");
        assertThat(finish2.retired()).containsExactly(first.getTokenInfo().getTokenId());
        assertThat(calls.step(arn, t2, "finishSecret").retired()).isEmpty();
        assertThat(f.patWorks(wsId, first.getTokenValue())).isFalse();
        assertThat(f.patWorks(wsId, second.token())).isTrue();
        assertThat(f.patWorks(wsId, third.token())).isTrue();
        assertThat(f.patWorks(wsId, manual.getTokenValue())).as("a token dbxcp did not make is left alone").isTrue();
        assertThat(scopeValue()).isEqualTo(third.token());
        assertThat(f.stages(arn)).containsEntry(t2, List.of("AWSCURRENT")).containsEntry(t1, List.of("AWSPREVIOUS"));
    }

    @Test
    void createSecretWhoseAnswerWasLostAfterDatabricksMadeTheToken_revokesThatUnusableToken_andTheRotationLeavesTwo() {
        // Databricks makes the token, the answer (the only place its value is) is lost, and the SDK posts again
        emu.faults().add(Faults.Rule.error("POST", "/api/2.0/token-management/on-behalf-of/tokens", 1, 503, "TEMPORARILY_UNAVAILABLE", "lost")
                .withRetryAfter(0).servedFirst());
        String t1 = f.startRotation(arn);
        long before = emu.requests().getLast().seq();

        for (String step : RotationCalls.STEPS) calls.step(arn, t1, step);

        OboToken second = SecretValues.oboToken(arn, f.valueOf(arn, t1).orElseThrow());
        assertThat(emu.requests()).filteredOn(r -> r.seq() > before && r.method().equals("POST") && r.path().endsWith("/on-behalf-of/tokens"))
                .extracting(RequestLog.Entry::status).containsExactly(503, 200);
        assertThat(admin.tokenManagement().list(new com.databricks.sdk.service.settings.ListTokenManagementRequest()))
                .as("the previous and the new token, no third").extracting(t -> t.getTokenId())
                .containsExactlyInAnyOrder(first.getTokenInfo().getTokenId(), second.tokenId());
        assertThat(f.patWorks(wsId, second.token())).isTrue();
        assertThat(f.patWorks(wsId, first.getTokenValue())).isTrue();
        assertThat(scopeValue()).isEqualTo(second.token());
    }

    @Test
    void failingTestSecret_leavesAwsCurrentUntouchedAndThePendingVersionUnused() {
        String original = f.valueAt(arn, "AWSCURRENT").orElseThrow();
        String v0 = f.stages(arn).keySet().iterator().next();
        String t1 = f.startRotation(arn);
        calls.step(arn, t1, "createSecret");
        calls.step(arn, t1, "setSecret");
        OboToken pending = SecretValues.oboToken(arn, f.valueOf(arn, t1).orElseThrow());
        admin.tokenManagement().delete(pending.tokenId()); // revoked before it could be tested

        assertThatThrownBy(() -> calls.step(arn, t1, "testSecret"))
                .isInstanceOf(CredentialTestFailedException.class)
                .hasMessageContaining(pending.tokenId())
                .hasMessageNotContaining(pending.token());

        assertThat(f.stages(arn)).containsEntry(v0, List.of("AWSCURRENT")).containsEntry(t1, List.of("AWSPENDING"));
        assertThat(f.valueAt(arn, "AWSCURRENT")).contains(original);
        assertThat(f.patWorks(wsId, first.getTokenValue())).isTrue();
    }

    @Test
    void aTokenOfAnotherPrincipal_failsTheTest() {
        ServicePrincipal other = f.principal(Fixtures.unique("other"));
        f.assign(wsId, other);
        String t1 = f.startRotation(arn);
        calls.step(arn, t1, "createSecret");
        OboToken pending = SecretValues.oboToken(arn, f.valueOf(arn, t1).orElseThrow());
        CreateOboTokenResponse foreign = admin.tokenManagement().createOboToken(new CreateOboTokenRequest().setApplicationId(other.getApplicationId()));
        String forged = Json.write(new OboToken(foreign.getTokenValue(), pending.tokenId(), pending.applicationId(), pending.expiryTime(), wsId,
                pending.host()));
        var secret = f.store.describe(arn);

        assertThatThrownBy(() -> new OboTokenRotator(f.directory, Duration.ofDays(1)).verify(secret, forged))
                .isInstanceOf(CredentialTestFailedException.class).hasMessageContaining("acts as " + other.getApplicationId());
    }

    private String scopeValue() {
        return new String(Base64.getDecoder().decode(admin.secrets().getSecret("automation", "token").getValue()), StandardCharsets.UTF_8);
    }
}
