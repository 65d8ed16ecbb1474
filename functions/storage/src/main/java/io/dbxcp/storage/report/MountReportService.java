package io.dbxcp.storage.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.LambdaErrors;
import io.dbxcp.common.json.Json;
import io.dbxcp.storage.model.BucketResult;
import io.dbxcp.storage.model.Mode;
import io.dbxcp.storage.model.MountReport;
import io.dbxcp.storage.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * States ReportResults and ReportFailure: the report of an execution, which becomes the detail of
 * its event and its output. After the Map it lists every bucket with what was done; when the request
 * could not be worked on (invalid, unknown workspace, no metastore) it names the step and the cause.
 * A Lambda error's cause (the JSON payload of the Java exception) is reduced to its message.
 *
 * <p>It reads its input leniently (a request that failed validation may be anything): it must never
 * be the step that fails.
 */
public final class MountReportService {
    static final int MAX_CAUSE = 4000;

    public MountReport report(JsonNode state) {
        JsonNode request = state.path("request").isObject() ? state.path("request") : state;
        String requestId = text(request.path("requestId"));
        Long workspaceId = longOrNull(request.path("workspaceId"));
        if (workspaceId == null) workspaceId = longOrNull(state.path("workspace").path("workspaceId"));
        Mode mode = mode(text(request.path("mode")) != null ? request.path("mode") : state.path("mounts").path("mode"));
        if (!state.path("results").isArray()) {
            String step = text(state.path("failedStep"));
            String error = text(state.path("error").path("Error"));
            String cause = (step == null ? "the request" : step) + " failed: " + readable(state.path("error").path("Cause"), error);
            return new MountReport(requestId, workspaceId, mode, "FAILED", 0, 0, 0, List.of(), step, error, clip(cause));
        }
        List<BucketResult> buckets = new ArrayList<>();
        for (JsonNode r : state.path("results")) {
            BucketResult b = Json.convert(r, BucketResult.class);
            JsonNode caught = r.path("caught"); // a failure recorded by the state machine: {Error, Cause}
            if (caught.isObject()) {
                String error = text(caught.path("Error"));
                b = new BucketResult(b.bucket(), b.mountName(), Outcome.FAILED, b.target(), b.source(), b.instanceProfileArn(), b.runId(),
                        b.storageCredentialName(), b.failedStep(), error, clip(readable(caught.path("Cause"), error)));
            }
            buckets.add(b);
        }
        List<BucketResult> failed = buckets.stream().filter(b -> b.outcome() == null || !b.outcome().succeeded()).toList();
        int ok = buckets.size() - failed.size();
        String status = failed.isEmpty() ? "SUCCEEDED" : ok == 0 ? "FAILED" : "PARTIAL";
        String cause = failed.isEmpty() ? null : clip(failed.size() + " of " + buckets.size() + " bucket(s) failed: "
                + failed.stream().map(b -> b.mountName() + " (" + b.bucket() + ") at " + b.failedStep() + ": " + b.cause())
                        .collect(Collectors.joining("; ")));
        return new MountReport(requestId, workspaceId, mode, status, buckets.size(), ok, failed.size(), buckets, null,
                failed.isEmpty() ? null : "BucketMountFailed", cause);
    }

    /** The message of a Lambda error payload ({"errorMessage", "errorType", "stackTrace"}), else the text as it is. */
    static String readable(JsonNode cause, String error) {
        String text = text(cause);
        if (text == null) return error == null ? "unknown error" : error;
        return LambdaErrors.message(text);
    }

    private static Mode mode(JsonNode node) {
        try {
            return node.isTextual() ? Mode.of(node.asText()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Long longOrNull(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() ? Long.valueOf(n.asLong()) : null;
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private static String clip(String s) {
        return s == null || s.length() <= MAX_CAUSE ? s : s.substring(0, MAX_CAUSE - 1) + "…";
    }
}
