package io.dbxcp.storage.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import io.dbxcp.storage.model.MountReport;
import io.dbxcp.storage.model.Outcome;
import org.junit.jupiter.api.Test;

class MountReportServiceTest {
    final MountReportService service = new MountReportService();

    static ObjectNode state() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject("request").put("requestId", "req-1").put("workspaceId", 42).put("mode", "dbfs-mount");
        return s;
    }

    @Test
    void everyBucketDone_isSucceeded_withoutCause() {
        ObjectNode s = state();
        s.putArray("results").addObject().put("bucket", "b").put("mountName", "raw").put("outcome", "MOUNTED").put("runId", 7);

        MountReport r = service.report(s);

        assertThat(r.status()).isEqualTo("SUCCEEDED");
        assertThat(r.succeeded()).isEqualTo(1);
        assertThat(r.cause()).isNull();
        assertThat(r.buckets().getFirst().runId()).isEqualTo(7L);
    }

    @Test
    void aCaughtLambdaError_becomesAFailedBucketWithTheExceptionsMessage_andTheReportIsPartial() {
        ObjectNode s = state();
        ArrayNode results = s.putArray("results");
        results.addObject().put("bucket", "a").put("mountName", "raw").put("outcome", "MOUNTED");
        ObjectNode failed = results.addObject().put("bucket", "b").put("mountName", "trusted").put("outcome", "FAILED")
                .put("failedStep", "RegisterInstanceProfile");
        failed.putObject("caught").put("Error", "io.dbxcp.common.errors.PreconditionFailedException")
                .put("Cause", "{\"errorMessage\":\"instance profile x does not exist\",\"errorType\":\"io.dbxcp.common.errors.PreconditionFailedException\",\"stackTrace\":[]}");

        MountReport r = service.report(s);

        assertThat(r.status()).isEqualTo("PARTIAL");
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.buckets().get(1).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.buckets().get(1).error()).isEqualTo("io.dbxcp.common.errors.PreconditionFailedException");
        assertThat(r.buckets().get(1).cause()).isEqualTo("instance profile x does not exist");
        assertThat(r.cause()).isEqualTo("1 of 2 bucket(s) failed: trusted (b) at RegisterInstanceProfile: instance profile x does not exist");
    }

    @Test
    void aRequestThatCouldNotBeWorkedOn_namesTheStepAndCause_evenWhenTheRequestIsMalformed() {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.putObject("request").put("requestId", "req-2").put("mode", "floppy-disk");
        s.put("failedStep", "ValidateRequest");
        s.putObject("error").put("Error", "io.dbxcp.common.errors.InvalidRequestException").put("Cause", "not JSON {");

        MountReport r = service.report(s);

        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.requestId()).isEqualTo("req-2");
        assertThat(r.mode()).isNull();
        assertThat(r.cause()).isEqualTo("ValidateRequest failed: not JSON {");
    }
}
