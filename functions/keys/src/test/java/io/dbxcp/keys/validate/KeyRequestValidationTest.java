package io.dbxcp.keys.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.validation.Violation;
import io.dbxcp.keys.model.KeyExecution;
import io.dbxcp.keys.model.KeyUse;
import io.dbxcp.keys.model.Kind;
import org.junit.jupiter.api.Test;

class KeyRequestValidationTest {
    static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
    static final String NEW_KEY = "arn:aws:kms:us-east-1:111122223333:key/3d4e5f60-7182-4c9d-8e1f-2a3b4c5d6e7f";
    final KeyRequestValidation validation = new KeyRequestValidation();

    @Test
    void intakeInputOfARotation_keepsItsTriggerAndKind() {
        KeyExecution e = validation.validate(Json.read("""
                {"workflow":"rotate-key","trigger":{"eventId":"e-1","time":"2026-11-24T10:00:00Z"},
                 "request":{"kind":"ROTATED","keyArn":"%s"}}""".formatted(KEY)));

        assertThat(e.workflow()).isEqualTo("rotate-key");
        assertThat(e.request().kind()).isEqualTo(Kind.ROTATED);
        assertThat(e.request().keyArn()).isEqualTo(KEY);
        assertThat(e.trigger().path("eventId").asText()).isEqualTo("e-1");
    }

    @Test
    void bareKeyArnFromTheConsole_isAnOnDemandCheckLikeARotation() {
        assertThat(validation.validate(Json.read("{\"keyArn\":\"" + KEY + "\"}")).request().kind()).isEqualTo(Kind.ROTATED);
    }

    @Test
    void replacementDetailAsItIs_isAReplacement_withNoWaitForComputeByDefault() {
        KeyExecution e = validation.validate(Json.read("""
                {"request":{"requestId":"req-1","useCase":"STORAGE","newKeyArn":"%s","workspaceIds":[1234567890123456]}}""".formatted(NEW_KEY)));

        assertThat(e.request().kind()).isEqualTo(Kind.REPLACE);
        assertThat(e.request().useCase()).isEqualTo(KeyUse.STORAGE);
        assertThat(e.request().workspaceIds()).containsExactly(1234567890123456L);
        assertThat(e.request().waitForIdleComputeMinutes()).isZero();
    }

    @Test
    void replacementNamingNeitherWorkspacesNorOldKey_isRefusedWithTheSameRulesAsTheIntake() {
        assertThatThrownBy(() -> validation.validate(Json.read("""
                {"request":{"kind":"REPLACE","requestId":"req-1","useCase":"MANAGED_SERVICES","newKeyArn":"%s","extra":1}}""".formatted(NEW_KEY))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations()).extracting(Violation::field)
                        .contains("request.extra"));
        assertThatThrownBy(() -> validation.validate(Json.read("""
                {"request":{"kind":"REPLACE","requestId":"req-1","useCase":"MANAGED_SERVICES","newKeyArn":"%s"}}""".formatted(NEW_KEY))))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations()).extracting(Violation::field)
                        .containsExactly("request.workspaceIds"));
    }

    @Test
    void keyChangeWithoutAKeyArnOrWithAnAlias_namesTheField() {
        assertThatThrownBy(() -> validation.validate(Json.read("{\"request\":{\"kind\":\"DISABLED\"}}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("request.keyArn").hasMessageContaining("is missing");
        assertThatThrownBy(() -> validation.validate(Json.read("{\"request\":{\"kind\":\"DISABLED\",\"keyArn\":\"arn:aws:kms:us-east-1:111122223333:alias/x\"}}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not a KMS key ARN");
    }

    @Test
    void unknownKind_listsTheKnownOnes() {
        assertThatThrownBy(() -> validation.validate(Json.read("{\"request\":{\"kind\":\"ENABLED\",\"keyArn\":\"" + KEY + "\"}}")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("ROTATED, REPLACE, DISABLED, DELETION_SCHEDULED, POLICY_CHANGED");
    }

    @Test
    void deletionDateCloudTrailCouldNotConvert_isKeptAsItIs_soTheAlertIsNotLost() {
        KeyExecution e = validation.validate(Json.read("""
                {"request":{"kind":"DELETION_SCHEDULED","keyArn":"%s","deletionDate":"1 Dec 2026","pendingWindowInDays":7}}""".formatted(KEY)));

        assertThat(e.request().deletionDate()).isEqualTo("1 Dec 2026");
        assertThat(e.request().pendingWindowInDays()).isEqualTo(7);
    }
}
