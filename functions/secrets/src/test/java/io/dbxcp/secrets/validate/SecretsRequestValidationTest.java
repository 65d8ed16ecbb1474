package io.dbxcp.secrets.validate;

import static io.dbxcp.secrets.validate.SecretsRequestValidation.ROTATE_SECRETS;
import static io.dbxcp.secrets.validate.SecretsRequestValidation.SYNC_SECRET_SCOPES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.validation.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsRequestValidationTest {
    private static final String ACCOUNT = "111122223333";
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:dbxcp/analytics-prod/automation-token-AbCdEf";
    private final SecretsRequestValidation validation = new SecretsRequestValidation(ACCOUNT, "us-east-1");

    private static ObjectNode input(String request) {
        return (ObjectNode) Json.read("{\"workflow\":\"x\",\"trigger\":{\"source\":\"dbxcp.controlplane\"},\"request\":" + request + "}");
    }

    private List<String> refusal(String workflow, JsonNode input) {
        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> validation.validate(workflow, input));
        assertThat(e).as("refused").isNotNull();
        return e.violations().stream().map(Violation::toString).toList();
    }

    @Test
    void aValidRotationRequest_isReturnedUnchanged() {
        ObjectNode in = input("{\"requestId\":\"req-1\",\"secretIds\":[\"" + ARN + "\",\"dbxcp/other/token\"]}");
        assertThat(validation.validate(ROTATE_SECRETS, in)).isEqualTo(in);
    }

    @Test
    void aRequestWithoutTrigger_getsTheConsoleTrigger() {
        ObjectNode in = (ObjectNode) Json.read("{\"request\":{\"secretId\":\"dbxcp/a/b\"}}");
        assertThat(validation.validate(SYNC_SECRET_SCOPES, in).path("trigger").path("source").asText()).isEqualTo("console");
    }

    @Test
    void anUnknownFieldInTheRotationRequest_isRefusedNamingIt() {
        assertThat(refusal(ROTATE_SECRETS, input("{\"requestId\":\"req-1\",\"secretIds\":[\"dbxcp/a\"],\"extra\":1}")))
                .containsExactly("request.extra: is not a known field");
    }

    @Test
    void anEmptyIdList_isRefusedNamingSecretIds() {
        assertThat(refusal(ROTATE_SECRETS, input("{\"requestId\":\"req-1\",\"secretIds\":[]}")))
                .singleElement().asString().startsWith("request.secretIds: ");
    }

    @Test
    void anEmptyId_isRefusedNamingIt() {
        assertThat(refusal(ROTATE_SECRETS, input("{\"requestId\":\"req-1\",\"secretIds\":[\"\"]}")))
                .singleElement().asString().startsWith("request.secretIds[0]: ");
    }

    @Test
    void aRepeatedId_isRefusedByTheSchemaNamingTheList() {
        assertThat(refusal(ROTATE_SECRETS, input("{\"requestId\":\"req-1\",\"secretIds\":[\"dbxcp/a\",\"dbxcp/a\"]}")))
                .singleElement().asString().startsWith("request.secretIds: ");
    }

    @Test
    void oneSecretNamedByNameAndByArn_isRefusedAsRepeated_namingTheSecond() {
        assertThat(refusal(ROTATE_SECRETS, input("{\"requestId\":\"req-1\",\"secretIds\":[\"" + ARN + "\",\"dbxcp/analytics-prod/automation-token\"]}")))
                .containsExactly("request.secretIds[1]: names the same secret as request.secretIds[0]: name each secret once");
    }

    @Test
    void arnsInAnotherAccountOrRegion_areEachRefused_namingTheirIndex() {
        String other = ARN.replace("111122223333", "999999999999");
        String elsewhere = ARN.replace("us-east-1", "eu-west-1").replace("token-AbCdEf", "token2-AbCdEf");
        List<String> v = refusal(ROTATE_SECRETS, input("{\"requestId\":\"req-1\",\"secretIds\":[\"" + other + "\",\"" + elsewhere + "\"]}"));
        assertThat(v).containsExactly(
                "request.secretIds[0]: is in account 999999999999, not in this deployment's account " + ACCOUNT,
                "request.secretIds[1]: is in region eu-west-1, not in this deployment's region us-east-1");
    }

    @Test
    void anIdNotUnderTheDbxcpPrefix_isRefused() {
        assertThat(refusal(ROTATE_SECRETS, input("{\"requestId\":\"req-1\",\"secretIds\":[\"prod/db\"]}")))
                .singleElement().asString().startsWith("request.secretIds[0]: 'prod/db' is not a secret under dbxcp/");
    }

    @Test
    void aMissingOrNonObjectRequest_isRefusedNamingRequest() {
        assertThat(refusal(SYNC_SECRET_SCOPES, Json.read("{\"workflow\":\"sync-secret-scopes\"}"))).singleElement().asString().startsWith("request: is required");
        assertThat(refusal(ROTATE_SECRETS, input("42"))).singleElement().asString().startsWith("request: is a number, not an object");
    }

    @Test
    void aValidSyncRequest_byNameOrByArn_isReturned() {
        assertThat(validation.validate(SYNC_SECRET_SCOPES, input("{\"secretId\":\"" + ARN + "\"}")).path("request").path("secretId").asText()).isEqualTo(ARN);
        assertThat(validation.validate(SYNC_SECRET_SCOPES, input("{\"secretId\":\"dbxcp/a/b\"}"))).isNotNull();
    }

    @Test
    void aSyncRequestWithUnknownFields_orWithoutSecretId_isRefusedNamingEach() {
        assertThat(refusal(SYNC_SECRET_SCOPES, input("{\"requestId\":\"req-1\",\"secretIds\":[\"dbxcp/a\"]}"))).containsExactlyInAnyOrder(
                "request.requestId: is not a known field (a scope sync takes only secretId)",
                "request.secretIds: is not a known field (a scope sync takes only secretId)",
                "request.secretId: is required");
    }

    @Test
    void aSyncSecretIdOfAnotherTypeOrBadlyWritten_orInAnotherAccount_isRefusedNamingIt() {
        assertThat(refusal(SYNC_SECRET_SCOPES, input("{\"secretId\":42}"))).containsExactly("request.secretId: is a number, not a string");
        assertThat(refusal(SYNC_SECRET_SCOPES, input("{\"secretId\":\"dbxcp/a b\"}"))).singleElement().asString().startsWith("request.secretId: is not a secret name or ARN");
        assertThat(refusal(SYNC_SECRET_SCOPES, input("{\"secretId\":\"" + ARN.replace(ACCOUNT, "999999999999") + "\"}")))
                .singleElement().asString().startsWith("request.secretId: is in account 999999999999");
    }
}
