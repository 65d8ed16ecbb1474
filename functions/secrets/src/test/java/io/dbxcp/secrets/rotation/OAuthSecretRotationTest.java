package io.dbxcp.secrets.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretRequest;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretResponse;
import com.databricks.sdk.service.oauth2.SecretInfo;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.secrets.Fixtures;
import io.dbxcp.secrets.model.OAuthSecret;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.secrets.model.SecretValues;
import io.dbxcp.testsupport.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OAuthSecretRotationTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @RegisterExtension
    static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

    private Fixtures f;
    private RotationCalls calls;
    private ServicePrincipal sp;
    private CreateServicePrincipalSecretResponse first;
    private String arn;

    @BeforeEach
    void setUp() {
        f = new Fixtures(moto, emu);
        calls = new RotationCalls(f);
        sp = f.principal(Fixtures.unique("etl"));
        first = f.account.servicePrincipalSecrets().create(new CreateServicePrincipalSecretRequest().setServicePrincipalId(sp.getId()));
        arn = f.createSecret("dbxcp/" + Fixtures.unique("etl") + "/oauth",
                Json.write(new OAuthSecret(sp.getApplicationId(), first.getSecret(), first.getId(), first.getExpireTime())),
                Map.of(SecretTags.KIND, "sp-oauth-secret", SecretTags.SERVICE_PRINCIPAL_ID, sp.getId()));
        emu.clock().advance(Duration.ofMinutes(1)); // Databricks dates secrets to the second: keep each rotation's apart
    }

    @Test
    void twoRotations_eachStepCalledTwice_keepTwoSecretsAliveAndDeleteTheOlderOneOnlyAfterFinish() {
        String v0 = f.stages(arn).keySet().iterator().next();

        String t1 = f.startRotation(arn);
        assertThat(calls.step(arn, t1, "createSecret").result()).isEqualTo("CREATED");
        assertThat(calls.step(arn, t1, "createSecret").result()).isEqualTo("ALREADY_CREATED");
        assertThat(secrets()).hasSize(2); // the repeated createSecret made no third secret
        assertThat(calls.step(arn, t1, "setSecret").result()).isEqualTo("NOTHING_TO_SET");
        assertThat(calls.step(arn, t1, "setSecret").result()).isEqualTo("NOTHING_TO_SET");
        assertThat(calls.step(arn, t1, "testSecret").result()).isEqualTo("TESTED");
        assertThat(calls.step(arn, t1, "testSecret").result()).isEqualTo("TESTED");
        OAuthSecret s1 = SecretValues.oauthSecret(arn, f.valueOf(arn, t1).orElseThrow());
        assertThat(f.stages(arn).get(v0)).containsExactly("AWSCURRENT");
        assertThat(f.oauthWorks(sp.getApplicationId(), first.getSecret())).isTrue();

        RotationOutcome finished = calls.step(arn, t1, "finishSecret");
        assertThat(finished.result()).isEqualTo("FINISHED");
        assertThat(finished.retired()).isEmpty(); // nothing is older than the previous (first) secret
        assertThat(calls.step(arn, t1, "finishSecret").retired()).isEmpty();
        assertThat(f.stages(arn)).containsEntry(t1, List.of("AWSCURRENT")).containsEntry(v0, List.of("AWSPREVIOUS"));
        assertThat(f.valueAt(arn, "AWSCURRENT")).contains(f.valueOf(arn, t1).orElseThrow());
        assertThat(f.oauthWorks(sp.getApplicationId(), first.getSecret())).isTrue();
        assertThat(f.oauthWorks(s1.clientId(), s1.clientSecret())).isTrue();

        emu.clock().advance(Duration.ofMinutes(1));
        String t2 = f.startRotation(arn);
        for (String step : List.of("createSecret", "setSecret", "testSecret")) {
            calls.step(arn, t2, step);
            calls.step(arn, t2, step);
        }
        OAuthSecret s2 = SecretValues.oauthSecret(arn, f.valueOf(arn, t2).orElseThrow());
        assertThat(secrets()).extracting(SecretInfo::getId).containsExactlyInAnyOrder(first.getId(), s1.secretId(), s2.secretId());
        assertThat(f.oauthWorks(sp.getApplicationId(), first.getSecret())).as("the older secret works until finishSecret").isTrue();

        RotationOutcome second = calls.step(arn, t2, "finishSecret");
        assertThat(second.retired()).containsExactly(first.getId());
        assertThat(calls.step(arn, t2, "finishSecret").retired()).as("finishSecret called again deletes nothing more").isEmpty();
        assertThat(secrets()).extracting(SecretInfo::getId).containsExactlyInAnyOrder(s1.secretId(), s2.secretId());
        assertThat(f.oauthWorks(sp.getApplicationId(), first.getSecret())).isFalse();
        assertThat(f.oauthWorks(s1.clientId(), s1.clientSecret())).isTrue();
        assertThat(f.oauthWorks(s2.clientId(), s2.clientSecret())).isTrue();
        assertThat(f.stages(arn)).containsEntry(t2, List.of("AWSCURRENT")).containsEntry(t1, List.of("AWSPREVIOUS"));
        assertThat(f.stages(arn).values()).noneMatch(stages -> stages.contains("AWSPENDING"));
    }

    @Test
    void createSecretWhoseAnswerWasLostAfterDatabricksMadeTheSecret_deletesThatUnusableSecret_andTheRotationLeavesTwo() {
        // Databricks makes the secret, the answer (the only place its value is) is lost, and the SDK posts again
        emu.faults().add(Faults.Rule.error("POST", "/api/2.0/accounts/*/servicePrincipals/*/credentials/secrets", 1, 503,
                "TEMPORARILY_UNAVAILABLE", "lost").withRetryAfter(0).servedFirst());
        String t1 = f.startRotation(arn);
        long before = emu.requests().getLast().seq();

        for (String step : RotationCalls.STEPS) calls.step(arn, t1, step);

        OAuthSecret s1 = SecretValues.oauthSecret(arn, f.valueOf(arn, t1).orElseThrow());
        assertThat(emu.requests()).filteredOn(r -> r.seq() > before && r.method().equals("POST") && r.path().endsWith("/credentials/secrets"))
                .extracting(RequestLog.Entry::status).containsExactly(503, 200);
        assertThat(secrets()).as("the previous and the new secret, no third").extracting(SecretInfo::getId)
                .containsExactlyInAnyOrder(first.getId(), s1.secretId());
        assertThat(f.oauthWorks(s1.clientId(), s1.clientSecret())).isTrue();
        assertThat(f.oauthWorks(sp.getApplicationId(), first.getSecret())).isTrue();
        assertThat(f.stages(arn)).containsEntry(t1, List.of("AWSCURRENT"));
    }

    @Test
    void failingTestSecret_leavesAwsCurrentUntouchedAndThePendingVersionUnused() {
        String original = f.valueAt(arn, "AWSCURRENT").orElseThrow();
        String v0 = f.stages(arn).keySet().iterator().next();
        String t1 = f.startRotation(arn);
        calls.step(arn, t1, "createSecret");
        calls.step(arn, t1, "setSecret");
        OAuthSecret pending = SecretValues.oauthSecret(arn, f.valueOf(arn, t1).orElseThrow());
        f.account.servicePrincipalSecrets().delete(sp.getId(), pending.secretId()); // the new secret stops working

        assertThatThrownBy(() -> calls.step(arn, t1, "testSecret"))
                .isInstanceOf(CredentialTestFailedException.class)
                .hasMessageContaining(pending.secretId())
                .hasMessageNotContaining(pending.clientSecret());
        assertThatThrownBy(() -> calls.step(arn, t1, "testSecret")).isInstanceOf(CredentialTestFailedException.class);

        assertThat(f.stages(arn)).containsEntry(v0, List.of("AWSCURRENT")).containsEntry(t1, List.of("AWSPENDING"));
        assertThat(f.valueAt(arn, "AWSCURRENT")).contains(original);
        assertThat(f.oauthWorks(sp.getApplicationId(), first.getSecret())).isTrue();
    }

    @Test
    void aSecretWithoutRotation_isRefusedBeforeAnyDatabricksCall() {
        String plain = f.createSecret("dbxcp/" + Fixtures.unique("plain") + "/oauth", "{}",
                Map.of(SecretTags.KIND, "sp-oauth-secret", SecretTags.SERVICE_PRINCIPAL_ID, sp.getId()));
        String version = f.stages(plain).keySet().iterator().next();

        assertThatThrownBy(() -> calls.step(plain, version, "createSecret"))
                .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("not enabled for rotation");
        assertThat(secrets()).hasSize(1);
    }

    @Test
    void aVersionThatIsNotPending_orUnknown_isRefused() {
        String t1 = f.startRotation(arn);
        String v0 = f.stages(arn).entrySet().stream().filter(e -> e.getValue().contains("AWSCURRENT")).findFirst().orElseThrow().getKey();

        assertThat(calls.step(arn, v0, "createSecret").result()).isEqualTo("ALREADY_CURRENT");
        assertThatThrownBy(() -> calls.step(arn, "00000000-0000-0000-0000-000000000000", "createSecret"))
                .isInstanceOf(PreconditionFailedException.class).hasMessageContaining("has no stage for rotation");
        assertThatThrownBy(() -> calls.step(arn, t1, "rotateEverything")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aSecretWithoutKind_isRefused() {
        String other = f.createSecret("dbxcp/" + Fixtures.unique("other") + "/thing", "{\"a\":1}", Map.of());
        String t = f.startRotation(other);

        assertThatThrownBy(() -> calls.step(other, t, "createSecret"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(SecretTags.KIND);
    }

    private List<SecretInfo> secrets() {
        return StreamSupport.stream(f.account.servicePrincipalSecrets().list(sp.getId()).spliterator(), false).toList();
    }
}
