package io.dbxcp.storage.e2e;

import static io.dbxcp.storage.e2e.MountHarness.bucket;
import static io.dbxcp.storage.e2e.MountHarness.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.local.Execution;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mount-buckets in mode dbfs-mount, end to end on the local runner against the emulator and moto. */
class DbfsMountWorkflowTest {
    static MountHarness h;

    @BeforeAll
    static void start() {
        h = MountHarness.start(0.0, emu -> { });
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void clean() {
        h.emulator().faults().clear();
        h.events();
    }

    static Map<String, JsonNode> byMountName(JsonNode buckets) {
        return StreamSupport.stream(buckets.spliterator(), false).collect(Collectors.toMap(b -> b.path("mountName").asText(), b -> b));
    }

    @Test
    void threeBuckets_areMountedByJobRunsWithTheirInstanceProfiles_verifiedAndAnnounced() {
        Workspace w = h.workspace();
        String raw = h.instanceProfile(MountHarness.unique("data-raw"));
        String trusted = h.instanceProfile(MountHarness.unique("data-trusted"));
        var input = input("req-dbfs-three", w, "dbfs-mount",
                bucket("lake-raw", "raw").put("instanceProfileArn", raw),
                bucket("lake-prepared", "prepared").put("instanceProfileArn", raw),
                bucket("lake-trusted", "trusted").put("instanceProfileArn", trusted));

        Execution ex = h.run(input, "mount-req-dbfs-three");

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.output().path("status").asText()).isEqualTo("SUCCEEDED");
        Map<String, JsonNode> results = byMountName(ex.output().path("buckets"));
        assertThat(results).containsOnlyKeys("raw", "prepared", "trusted");
        results.values().forEach(b -> {
            assertThat(b.path("outcome").asText()).isEqualTo("MOUNTED");
            assertThat(b.path("runId").asLong()).isPositive();
        });
        assertThat(ex.events("TaskSucceeded", "SubmitMountRun")).hasSize(3).allSatisfy(t ->
                assertThat(t.get("parameters").path("executionName").asText()).isEqualTo("mount-req-dbfs-three"));
        JsonNode contents = h.contents(w);
        assertThat(StreamSupport.stream(contents.path("mounts").spliterator(), false)
                .collect(Collectors.toMap(m -> m.path("mount_point").asText(), m -> m.path("source").asText())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("/mnt/raw", "s3a://lake-raw", "/mnt/prepared", "s3a://lake-prepared",
                        "/mnt/trusted", "s3a://lake-trusted"));
        assertThat(contents.path("instance_profiles")).extracting(p -> p.path("instance_profile_arn").asText())
                .containsExactlyInAnyOrder(raw, trusted);
        List<JsonNode> runs = StreamSupport.stream(contents.path("job_runs").spliterator(), false).toList();
        assertThat(runs).hasSize(3).allSatisfy(r -> {
            assertThat(r.path("idempotency_token").asText()).startsWith("dbxcp-mount-").hasSizeLessThanOrEqualTo(64);
            JsonNode cluster = r.path("tasks").path(0).path("new_cluster");
            assertThat(cluster.path("num_workers").asInt(-1)).isZero();
            assertThat(cluster.path("spark_conf").path("spark.databricks.cluster.profile").asText()).isEqualTo("singleNode");
            assertThat(cluster.path("aws_attributes").path("instance_profile_arn").asText()).isIn(raw, trusted);
        });
        String source = h.exported(w, "/Shared/dbxcp/mount-buckets/trusted");
        assertThat(source).contains("dbutils.fs.mount(source=\"s3a://lake-trusted\", mount_point=\"/mnt/trusted\"",
                "\"fs.s3a.server-side-encryption-algorithm\": \"SSE-KMS\"",
                "\"fs.s3a.server-side-encryption.key\": \"" + MountHarness.KEY_ARN + "\"", "dbutils.fs.unmount(\"/mnt/trusted\")");
        List<JsonNode> events = h.events();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Buckets Mounted");
            assertThat(e.at("/detail/requestId").asText()).isEqualTo("req-dbfs-three");
            assertThat(e.at("/detail/succeeded").asInt()).isEqualTo(3);
            assertThat(e.at("/detail/buckets")).hasSize(3);
        });
    }

    @Test
    void rerunOfTheSameRequest_findsEveryBucketMounted_andChangesNothing() {
        Workspace w = h.workspace();
        String profile = h.instanceProfile(MountHarness.unique("data-rerun"));
        var input = input("req-dbfs-rerun", w, "dbfs-mount",
                bucket("rerun-raw", "raw").put("instanceProfileArn", profile),
                bucket("rerun-trusted", "trusted").put("instanceProfileArn", profile));
        Execution first = h.run(input, "mount-req-dbfs-rerun");
        assertThat(first.status()).as(first.error() + " " + first.cause()).isEqualTo("SUCCEEDED");
        h.events();
        long before = h.lastRequest();

        Execution second = h.run(input, "mount-req-dbfs-rerun-again");

        assertThat(second.status()).as(second.error() + " " + second.cause()).isEqualTo("SUCCEEDED");
        assertThat(second.output().path("buckets")).allSatisfy(b -> assertThat(b.path("outcome").asText()).isEqualTo("ALREADY_MOUNTED"));
        assertThat(h.requestsAfter(before, w.getWorkspaceId())).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("GET "));
        assertThat(second.statesEntered()).doesNotContain("RegisterInstanceProfile", "SubmitMountRun", "WaitForMountRun");
        assertThat(h.contents(w).path("job_runs")).hasSize(2);
        assertThat(h.events()).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Buckets Mounted");
            assertThat(e.at("/detail/status").asText()).isEqualTo("SUCCEEDED");
        });
    }

    @Test
    void jobRunThatFails_failsItsBucketWithTheRunsStateMessage_andTheExecutionAfterTheEvent() {
        Workspace w = h.workspace();
        String profile = h.instanceProfile(MountHarness.unique("data-fail"));
        h.emulator().scenario().failNextJobRun(w.getWorkspaceId(), "AmazonS3Exception: Access Denied (Service: Amazon S3; Status Code: 403)");

        Execution ex = h.run(input("req-dbfs-runfails", w, "dbfs-mount", bucket("fail-raw", "raw").put("instanceProfileArn", profile)),
                "mount-req-dbfs-runfails");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("BucketMountFailed");
        assertThat(ex.cause()).contains("raw (fail-raw) at WaitForMountRun", "TERMINATED/FAILED", "Access Denied");
        assertThat(h.contents(w).path("mounts")).isEmpty();
        assertThat(h.events()).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Buckets Mounted");
            assertThat(e.at("/detail/status").asText()).isEqualTo("FAILED");
            assertThat(e.at("/detail/failed").asInt()).isEqualTo(1);
            JsonNode b = e.at("/detail/buckets/0");
            assertThat(b.path("outcome").asText()).isEqualTo("FAILED");
            assertThat(b.path("failedStep").asText()).isEqualTo("WaitForMountRun");
            assertThat(b.path("error").asText()).isEqualTo("MountRunFailed");
            assertThat(b.path("cause").asText()).contains("Access Denied (Service: Amazon S3; Status Code: 403)");
        });
    }

    @Test
    void instanceProfileMissingFromIam_failsOnlyItsBucket_theOthersAreMounted() {
        Workspace w = h.workspace();
        String good = h.instanceProfile(MountHarness.unique("data-good"));
        String missing = MountHarness.profileArn(MountHarness.unique("data-missing"));

        Execution ex = h.run(input("req-dbfs-noprofile", w, "dbfs-mount",
                bucket("np-raw", "raw").put("instanceProfileArn", good),
                bucket("np-trusted", "trusted").put("instanceProfileArn", missing)), "mount-req-dbfs-noprofile");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("BucketMountFailed");
        Map<String, JsonNode> results = byMountName(h.events().getFirst().at("/detail/buckets"));
        assertThat(results.get("raw").path("outcome").asText()).isEqualTo("MOUNTED");
        JsonNode failed = results.get("trusted");
        assertThat(failed.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.path("failedStep").asText()).isEqualTo("RegisterInstanceProfile");
        assertThat(failed.path("error").asText()).isEqualTo("io.dbxcp.common.errors.PreconditionFailedException");
        assertThat(failed.path("cause").asText()).contains(missing, "does not exist in IAM");
        JsonNode contents = h.contents(w);
        assertThat(contents.path("mounts")).extracting(m -> m.path("mount_point").asText()).containsExactly("/mnt/raw");
        assertThat(contents.path("instance_profiles")).extracting(p -> p.path("instance_profile_arn").asText()).containsExactly(good);
    }

    @Test
    void instanceProfileRefusedByDatabricks_failsItsBucketWithDatabricksMessage() {
        Workspace w = h.workspace();
        String profile = h.instanceProfile(MountHarness.unique("data-refused"));
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.0/instance-profiles/add", 1, 400, "INVALID_PARAMETER_VALUE",
                "Verification of the instance profile failed. AWS error: You are not authorized to perform this operation."));

        Execution ex = h.run(input("req-dbfs-refused", w, "dbfs-mount", bucket("ref-raw", "raw").put("instanceProfileArn", profile)),
                "mount-req-dbfs-refused");

        assertThat(ex.status()).isEqualTo("FAILED");
        JsonNode b = h.events().getFirst().at("/detail/buckets/0");
        assertThat(b.path("failedStep").asText()).isEqualTo("RegisterInstanceProfile");
        assertThat(b.path("cause").asText()).contains("Databricks refused instance profile " + profile, "Verification of the instance profile failed");
        assertThat(h.contents(w).path("job_runs")).isEmpty();
    }

    @Test
    void mountPointThatPointsElsewhere_isUnmountedAndMountedAgain_andAKeyChangeMountsAgain() {
        Workspace w = h.workspace();
        String profile = h.instanceProfile(MountHarness.unique("data-elsewhere"));
        h.mountByHand(w, "/mnt/raw", "s3a://someone-elses-bucket");
        assertThat(h.contents(w).path("mounts").path(0).path("source").asText()).isEqualTo("s3a://someone-elses-bucket");

        Execution ex = h.run(input("req-dbfs-elsewhere", w, "dbfs-mount", bucket("else-raw", "raw").put("instanceProfileArn", profile)),
                "mount-req-dbfs-elsewhere");

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.output().at("/buckets/0/outcome").asText()).isEqualTo("MOUNTED");
        assertThat(ex.events("TaskSucceeded", "CheckMount").getFirst().output().path("reason").asText()).contains("no record");
        assertThat(h.contents(w).path("mounts")).singleElement().satisfies(m -> {
            assertThat(m.path("mount_point").asText()).isEqualTo("/mnt/raw");
            assertThat(m.path("source").asText()).isEqualTo("s3a://else-raw");
        });
        assertThat(h.exported(w, "/Shared/dbxcp/mount-buckets/raw.mount.json")).contains("\"source\":\"s3a://else-raw\"");

        String otherKey = MountHarness.KEY_ARN.replace("3d4e5f60", "0a0b0c0d");
        Execution rekeyed = h.run(input("req-dbfs-elsewhere", w, "dbfs-mount",
                bucket("else-raw", "raw").put("instanceProfileArn", profile).put("kmsKeyArn", otherKey)), "mount-req-dbfs-rekeyed");

        assertThat(rekeyed.status()).as(rekeyed.error() + " " + rekeyed.cause()).isEqualTo("SUCCEEDED");
        assertThat(rekeyed.output().at("/buckets/0/outcome").asText()).isEqualTo("MOUNTED");
        assertThat(rekeyed.events("TaskSucceeded", "CheckMount").getFirst().output().path("reason").asText()).contains("with key " + MountHarness.KEY_ARN);
        assertThat(h.exported(w, "/Shared/dbxcp/mount-buckets/raw")).contains(otherKey);
    }

    @Test
    void runThatNeverEnds_isPolledSixtyTimes_thenItsBucketFails() {
        Workspace w = h.workspace();
        String profile = h.instanceProfile(MountHarness.unique("data-slow"));
        h.emulator().scenario().jobRunTimes(Duration.ofHours(10), Duration.ZERO);
        try {
            Execution ex = h.run(input("req-dbfs-slow", w, "dbfs-mount", bucket("slow-raw", "raw").put("instanceProfileArn", profile)),
                    "mount-req-dbfs-slow");

            assertThat(ex.status()).isEqualTo("FAILED");
            assertThat(ex.events("TaskSucceeded", "GetMountRunState")).hasSize(60);
            assertThat(ex.events("StateEntered", "WaitForMountRun")).hasSize(60);
            assertThat(ex.cause()).contains("had not ended after 60 polls", "PENDING");
        } finally {
            h.emulator().scenario().jobRunTimes(Duration.ZERO, Duration.ZERO);
        }
    }

    @Test
    void transientErrorOnSubmit_isRetriedByTheStateMachine_andStartsOneRun() {
        Workspace w = h.workspace();
        String profile = h.instanceProfile(MountHarness.unique("data-retry"));
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/*/jobs/runs/submit", 1, 500, "INTERNAL_ERROR", "try again"));

        Execution ex = h.run(input("req-dbfs-retry", w, "dbfs-mount", bucket("retry-raw", "raw").put("instanceProfileArn", profile)),
                "mount-req-dbfs-retry");

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.events("StateRetried", "SubmitMountRun")).hasSize(1);
        assertThat(h.contents(w).path("job_runs")).hasSize(1);
    }

    @Test
    void requestWithoutTheInstanceProfileDbfsMountsNeed_isRejectedByItsFirstState_andAnnouncedAsFailed() {
        Workspace w = h.workspace();

        Execution ex = h.run(input("req-dbfs-invalid", w, "dbfs-mount", bucket("inv-raw", "raw")), "mount-req-dbfs-invalid");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("BucketMountFailed");
        assertThat(ex.cause()).contains("ValidateRequest failed", "request.buckets[0].instanceProfileArn");
        assertThat(h.events()).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Bucket Mount Failed");
            assertThat(e.at("/detail/failedStep").asText()).isEqualTo("ValidateRequest");
            assertThat(e.at("/detail/error").asText()).isEqualTo("io.dbxcp.common.errors.InvalidRequestException");
            assertThat(e.at("/detail/requestId").asText()).isEqualTo("req-dbfs-invalid");
        });
    }

    @Test
    void requestForAWorkspaceThatDoesNotExist_failsWithoutTouchingAnyWorkspace() {
        Workspace w = h.workspace();
        var input = input("req-dbfs-nows", w, "dbfs-mount", bucket("nows-raw", "raw").put("instanceProfileArn", MountHarness.profileArn("x")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) input.path("request")).put("workspaceId", 42);

        Execution ex = h.run(input, "mount-req-dbfs-nows");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.cause()).contains("request.workspaceId", "no workspace 42");
        assertThat(h.events()).extracting(e -> e.path("detail-type").asText()).containsExactly("Bucket Mount Failed");
    }
}
