package io.dbxcp.secrets.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.secrets.Fixtures;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.testsupport.MotoServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RotateSecret against moto. Without a function moto can call, moto completes a rotation at once (the
 * new version becomes AWSCURRENT, with no value); with one, it leaves the version AWSPENDING, as
 * Secrets Manager does while the function runs. The tests use both to see each outcome.
 */
class RotationRequestTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    private final Fixtures f = new Fixtures(moto, null);
    private final RotationRequestService service = new RotationRequestService(f.store);

    @Test
    void aSecretUnderRotation_isRotatedOnce_evenWhenTheRequestComesTwice() {
        String arn = underRotation();

        SecretRotation started = service.start("req-1", arn);
        SecretRotation again = service.start("req-1", arn);

        assertThat(started.status()).isEqualTo("STARTED");
        assertThat(started.versionId()).isEqualTo(RotationRequestService.versionId("req-1", arn));
        assertThat(again.status()).isEqualTo("ALREADY_STARTED");
        assertThat(again.versionId()).isEqualTo(started.versionId());
        assertThat(f.stages(arn)).containsKey(started.versionId());
        SecretRotation checked = service.check(started);
        assertThat(checked.status()).isEqualTo("ROTATED");
        assertThat(checked.polls()).isEqualTo(1);
    }

    @Test
    void aRotationStillRunning_isInProgress_andOneThatLostItsVersion_failed() {
        String arn = underRotation();
        String pending = f.startRotation(arn); // moto leaves it AWSPENDING, as while the function runs
        SecretRotation r = new SecretRotation("req-2", arn, arn, "x", "STARTED", pending, null, 0);

        assertThat(service.check(r).status()).isEqualTo("IN_PROGRESS");
        f.sm.updateSecretVersionStage(b -> b.secretId(arn).versionStage("AWSPENDING").removeFromVersionId(pending));
        SecretRotation failed = service.check(r);
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.reason()).contains("RotationFailed");
    }

    @Test
    void secretsThatAreNotOurs_notUnderRotation_orMissing_areRefusedWithTheReason() {
        String noKind = f.createSecret("dbxcp/" + Fixtures.unique("plain") + "/x", "v", Map.of());
        String off = f.createSecret("dbxcp/" + Fixtures.unique("off") + "/automation-token", "{}", Map.of(SecretTags.KIND, "obo-token"));

        assertThat(service.start("req-3", noKind).reason()).contains("dbxcp:kind");
        assertThat(service.start("req-3", off).reason()).contains("rotation is not turned on");
        SecretRotation missing = service.start("req-3", "dbxcp/does-not-exist");
        assertThat(missing.status()).isEqualTo("REFUSED");
        assertThat(missing.reason()).isEqualTo("no such secret");
        assertThatThrownBy(() -> service.start("req-3", "prod/other-team")).isInstanceOf(InvalidRequestException.class);
    }

    private String underRotation() {
        String arn = f.createSecret("dbxcp/" + Fixtures.unique("ws") + "/automation-token", "{\"token\":\"x\"}", Map.of(SecretTags.KIND, "obo-token"));
        f.sm.rotateSecret(b -> b.secretId(arn).rotationLambdaARN(Fixtures.rotationFunctionArn(moto))
                .rotationRules(r -> r.automaticallyAfterDays(30L)).rotateImmediately(false));
        return arn;
    }
}
