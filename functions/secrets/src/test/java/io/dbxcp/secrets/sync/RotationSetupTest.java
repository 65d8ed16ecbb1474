package io.dbxcp.secrets.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbxcp.secrets.Fixtures;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.testsupport.MotoServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RotationSetupTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @Test
    void aNewSecretOfAKind_isPutUnderRotation_once() {
        Fixtures f = new Fixtures(moto, null);
        String fn = Fixtures.rotationFunctionArn(moto);
        RotationSetup setup = new RotationSetup(f.store, fn, 30);
        String arn = f.createSecret("dbxcp/" + Fixtures.unique("ws") + "/automation-token", "{\"token\":\"x\"}",
                Map.of(SecretTags.KIND, "obo-token"));

        RotationSetup.Result first = setup.ensure(arn);
        RotationSetup.Result again = setup.ensure(arn);

        assertThat(first.status()).isEqualTo("TURNED_ON");
        assertThat(first.rotationDays()).isEqualTo(30);
        var described = f.sm.describeSecret(b -> b.secretId(arn));
        assertThat(described.rotationEnabled()).isTrue();
        assertThat(described.rotationLambdaARN()).isEqualTo(fn);
        assertThat(described.rotationRules().automaticallyAfterDays()).isEqualTo(30L);
        assertThat(again.status()).isEqualTo("ALREADY_ON");
    }

    @Test
    void aSecretWithoutKind_isLeftAlone() {
        Fixtures f = new Fixtures(moto, null);
        RotationSetup setup = new RotationSetup(f.store, Fixtures.rotationFunctionArn(moto), 30);
        String arn = f.createSecret("dbxcp/" + Fixtures.unique("other") + "/x", "v", Map.of());

        assertThat(setup.ensure(arn).status()).isEqualTo("NOT_MANAGED");
        assertThat(f.sm.describeSecret(b -> b.secretId(arn)).rotationEnabled()).isNotEqualTo(Boolean.TRUE);
    }
}
