package io.dbxcp.keys.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import org.junit.jupiter.api.Test;

class KeyReportServiceTest {
    final KeyReportService service = new KeyReportService();

    static final String REQUEST = """
            "request":{"kind":"REPLACE","requestId":"req-1","useCase":"MANAGED_SERVICES","newKeyArn":"arn:aws:kms:us-east-1:1:key/n"},
            "newKey":{"customerManagedKeyId":"cmk-1","created":true},"targets":{"selectedBy":"workspaceIds","count":2}""";

    @Test
    void everyWorkspaceUpdatedOrAlreadySet_isSucceeded_withoutACause() {
        ObjectNode d = service.report(Json.read("{" + REQUEST + """
                ,"failedStep":null,"results":[{"workspaceId":1,"outcome":"UPDATED"},{"workspaceId":2,"outcome":"ALREADY_SET"}]}"""));

        assertThat(d.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(d.at("/counts/updated").asInt()).isEqualTo(1);
        assertThat(d.at("/counts/alreadySet").asInt()).isEqualTo(1);
        assertThat(d.path("cause").isNull()).isTrue();
        assertThat(d.path("newKeyConfigurationId").asText()).isEqualTo("cmk-1");
    }

    @Test
    void aFailureTheStateMachineRecorded_becomesAnOutcomeWithTheErrorsMessage_andThePartialStatusNamesIt() {
        ObjectNode d = service.report(Json.read("{" + REQUEST + """
                ,"results":[{"workspaceId":1,"outcome":"UPDATED"},
                  {"workspaceId":2,"outcome":"FAILED","failedStep":"PatchWorkspace",
                   "caught":{"Error":"com.databricks.sdk.core.error.platform.InvalidState",
                             "Cause":"{\\"errorMessage\\":\\"INVALID_STATE: no\\",\\"errorType\\":\\"x\\"}"}}]}"""));

        assertThat(d.path("status").asText()).isEqualTo("PARTIAL");
        assertThat(d.at("/workspaces/1/error").asText()).isEqualTo("com.databricks.sdk.core.error.platform.InvalidState");
        assertThat(d.at("/workspaces/1/reason").asText()).isEqualTo("INVALID_STATE: no");
        assertThat(d.at("/workspaces/1/caught").isMissingNode()).isTrue();
        assertThat(d.path("cause").asText()).isEqualTo("workspace 2 FAILED: INVALID_STATE: no");
    }

    @Test
    void nothingSucceeded_isFailed() {
        ObjectNode d = service.report(Json.read("{" + REQUEST + ",\"results\":[{\"workspaceId\":1,\"outcome\":\"REFUSED\",\"reason\":\"added once\"}]}"));

        assertThat(d.path("status").asText()).isEqualTo("FAILED");
        assertThat(d.at("/counts/refused").asInt()).isEqualTo(1);
    }

    @Test
    void replacementThatStoppedBeforeItsWorkspaces_isKeyReplacementFailed() {
        ObjectNode d = service.report(Json.read("{" + REQUEST + """
                ,"results":null,"failedStep":"PreflightNewKey","error":{"Error":"io.dbxcp.common.errors.PreconditionFailedException",
                "Cause":"{\\"errorMessage\\":\\"the new key is disabled\\"}"}}"""));

        assertThat(d.path("detailType").asText()).isEqualTo("Key Replacement Failed");
        assertThat(d.path("cause").asText()).isEqualTo("PreflightNewKey failed: the new key is disabled");
        assertThat(d.path("requestId").asText()).isEqualTo("req-1");
    }

    @Test
    void keyCheckThatFailed_isKeyCheckFailed_evenWithNullReplacementFields() {
        ObjectNode d = service.report(Json.read("""
                {"request":{"kind":"ROTATED","keyArn":"arn:aws:kms:us-east-1:1:key/k","newKeyArn":null},"trigger":{"eventId":"ev"},
                 "results":null,"failedStep":"FindKeyUsers","error":{"Error":"X","Cause":"plain text"}}"""));

        assertThat(d.path("detailType").asText()).isEqualTo("Key Check Failed");
        assertThat(d.path("keyArn").asText()).isEqualTo("arn:aws:kms:us-east-1:1:key/k");
        assertThat(d.path("eventId").asText()).isEqualTo("ev");
        assertThat(d.path("cause").asText()).isEqualTo("FindKeyUsers failed: plain text");
    }
}
