package io.dbxcp.storage.e2e;

import static io.dbxcp.storage.e2e.MountHarness.bucket;
import static io.dbxcp.storage.e2e.MountHarness.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.local.Execution;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * mount-buckets under Databricks faults, end to end on the local runner against the emulator and
 * moto: a storm of 429s with Retry-After, 503s past the SDK's retries, an answer slower than the
 * handlers' HTTP timeout (2 s here, as a deployment sets it below the Lambda timeout) and an answer
 * lost after Databricks did the work, on the call that makes something (the mount run's submit; in
 * unity-catalog mode the external location), and a workspace that ended FAILED. Each test checks
 * the outcome and what the workspace holds: one run, one mount, one location.
 */
class MountFaultsTest {
    private static final String SUBMIT = "/api/*/jobs/runs/submit";
    static MountHarness h;

    @BeforeAll
    static void start() {
        // Waits scaled 1:10: the poll of a mount run waits 3 s, so a run outlasts a submit answered late (served after 3 s)
        h = MountHarness.start(0.1, emu -> { }, Map.of("DATABRICKS_HTTP_TIMEOUT_SECONDS", "2"));
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

    /** A workspace, a data role's instance profile, and the one-bucket dbfs-mount request for it. */
    record Scene(Workspace workspace, JsonNode input) {}

    static Scene scene(String name) {
        Workspace w = h.workspace();
        String profile = h.instanceProfile(MountHarness.unique("data-" + name));
        return new Scene(w, input("req-faults-" + name, w, "dbfs-mount", bucket(name + "-raw", "raw").put("instanceProfileArn", profile)));
    }

    /** Succeeded, announced, and the workspace holds one mount run and the mount. */
    static void assertMountedByOneRun(Execution ex, Workspace w, String bucket) {
        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.output().at("/buckets/0/outcome").asText()).isEqualTo("MOUNTED");
        JsonNode contents = h.contents(w);
        assertThat(contents.path("job_runs")).as("one mount run").hasSize(1);
        assertThat(contents.path("mounts")).singleElement().satisfies(m -> {
            assertThat(m.path("mount_point").asText()).isEqualTo("/mnt/raw");
            assertThat(m.path("source").asText()).isEqualTo("s3a://" + bucket);
        });
        assertThat(h.events()).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Buckets Mounted");
            assertThat(e.at("/detail/status").asText()).isEqualTo("SUCCEEDED");
        });
    }

    /**
     * The SDK's attempts of one call came {@code retryAfter} apart: as the 429s told it, not after its
     * own backoff (1 s, 2 s, 4 s plus up to 0.75 s of jitter), which the first and third gap would miss.
     */
    static void assertWaitedAsTold(List<RequestLog.Entry> attempts, Duration retryAfter) {
        for (int i = 1; i < attempts.size(); i++) {
            Duration gap = Duration.between(Instant.parse(attempts.get(i - 1).time()), Instant.parse(attempts.get(i).time()));
            assertThat(gap).as("wait before attempt %d", i + 1).isBetween(retryAfter.minusMillis(100), retryAfter.plusMillis(1500));
        }
    }

    List<RequestLog.Entry> submits(long after) {
        return h.emulator().requests().stream().filter(r -> r.seq() > after && r.method().equals("POST") && r.path().endsWith("/jobs/runs/submit"))
                .toList();
    }

    @Test
    void throttlingStormWithRetryAfter_onTheRunSubmit_isWaitedOut_andStartsOneRun() {
        Scene s = scene("storm");
        // 4 answers 429 with Retry-After: 2 s: the SDK's 4 attempts, 2 s apart, are used up; the state machine's retry passes
        h.emulator().faults().add(Faults.Rule.error("POST", SUBMIT, 4, 429, "REQUEST_LIMIT_EXCEEDED", "slow down").withRetryAfter(2));
        long before = h.lastRequest();

        Execution ex = h.run(s.input(), "mount-req-faults-storm");

        assertMountedByOneRun(ex, s.workspace(), "storm-raw");
        List<RequestLog.Entry> submits = submits(before);
        assertThat(submits).extracting(RequestLog.Entry::status).containsExactly(429, 429, 429, 429, 200);
        assertWaitedAsTold(submits.subList(0, 4), Duration.ofSeconds(2));
        assertThat(ex.events("StateRetried", "SubmitMountRun")).hasSize(1);
    }

    @Test
    void serviceUnavailablePastTheSdksRetries_onTheRunSubmit_isRetriedByTheStateMachine_andStartsOneRun() {
        Scene s = scene("unavailable");
        // 6 answers 503: the SDK's 4 attempts (Retry-After 0 keeps its waits short), then the state machine's retry meets 2 more
        h.emulator().faults().add(Faults.Rule.error("POST", SUBMIT, 6, 503, "TEMPORARILY_UNAVAILABLE", "try later").withRetryAfter(0));
        long before = h.lastRequest();

        Execution ex = h.run(s.input(), "mount-req-faults-unavailable");

        assertMountedByOneRun(ex, s.workspace(), "unavailable-raw");
        assertThat(ex.events("TaskFailed", "SubmitMountRun")).singleElement()
                .satisfies(e -> assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.TransientException"));
        assertThat(submits(before)).extracting(RequestLog.Entry::status).containsExactly(503, 503, 503, 503, 503, 503, 200);
    }

    @Test
    void answerSlowerThanTheClientTimeout_onTheRunSubmit_isGivenUpAndRetried_andTheIdempotencyTokenKeepsItToOneRun() {
        Scene s = scene("slow");
        // the first submit is served after 3 s (the run starts then); the handler gives up after 2 s and the step is retried
        h.emulator().faults().add(Faults.Rule.latency("POST", SUBMIT, 1, 3000));
        long before = h.lastRequest();

        Execution ex = h.run(s.input(), "mount-req-faults-slow");

        assertMountedByOneRun(ex, s.workspace(), "slow-raw");
        assertThat(ex.events("TaskFailed", "SubmitMountRun")).singleElement().satisfies(e -> {
            assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.TransientException");
            assertThat(e.cause()).contains("timed out");
        });
        // the late submit was served too (before the run's first poll), with the same idempotency token: the same run
        assertThat(submits(before)).as("both submits were served").hasSize(2).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void submitWhoseAnswerWasLostAfterDatabricksStartedTheRun_isSentAgainWithItsIdempotencyToken_andStartsOneRun() {
        Scene s = scene("lost");
        h.emulator().faults().add(Faults.Rule.error("POST", SUBMIT, 1, 503, "TEMPORARILY_UNAVAILABLE", "lost").withRetryAfter(0).servedFirst());
        long before = h.lastRequest();

        Execution ex = h.run(s.input(), "mount-req-faults-lost");

        assertMountedByOneRun(ex, s.workspace(), "lost-raw");
        assertThat(submits(before)).extracting(RequestLog.Entry::status).containsExactly(503, 200);
    }

    @Test
    void externalLocationCreateWhoseAnswerWasLost_findsTheLocationAndMakesNoSecond() {
        Workspace w = h.workspace();
        h.assignMetastore(w);
        String name = MountHarness.unique("uc-lost");
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.1/unity-catalog/external-locations", 1, 503, "TEMPORARILY_UNAVAILABLE", "lost")
                .withRetryAfter(0).servedFirst());
        long before = h.lastRequest();

        Execution ex = h.run(input("req-faults-uc-lost", w, "unity-catalog", bucket(name + "-bucket", name).put("roleArn", MountHarness.roleArn("uc-lost"))),
                "mount-req-faults-uc-lost");

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        List<JsonNode> locations = StreamSupport.stream(h.emulator().state().path("metastores").spliterator(), false)
                .flatMap(m -> StreamSupport.stream(m.path("external_locations").spliterator(), false))
                .filter(l -> l.path("name").asText().equals(name)).toList();
        assertThat(locations).as("one external location").singleElement()
                .satisfies(l -> assertThat(l.path("url").asText()).isEqualTo("s3://" + name + "-bucket/"));
        assertThat(h.emulator().requests()).filteredOn(r -> r.seq() > before && r.method().equals("POST") && r.path().endsWith("/external-locations"))
                .extracting(RequestLog.Entry::status).containsExactly(503, 409);
        assertThat(h.events()).singleElement().satisfies(e -> assertThat(e.at("/detail/status").asText()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void workspaceThatEndedFailed_isRefusedByTheFirstState_andNothingIsSentToIt() {
        Workspace w = h.failedWorkspace("subnet subnet-0a1b has no route to the internet");
        long before = h.lastRequest();

        Execution ex = h.run(input("req-faults-failed-ws", w, "dbfs-mount",
                bucket("failed-ws-raw", "raw").put("instanceProfileArn", MountHarness.profileArn("data-failed-ws"))), "mount-req-faults-failed-ws");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("BucketMountFailed");
        assertThat(ex.statesEntered()).doesNotContain("MountEachBucket");
        assertThat(h.events()).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Bucket Mount Failed");
            assertThat(e.at("/detail/failedStep").asText()).isEqualTo("ValidateRequest");
            assertThat(e.at("/detail/error").asText()).isEqualTo("io.dbxcp.common.errors.PreconditionFailedException");
            assertThat(e.at("/detail/cause").asText()).contains("FAILED", "not RUNNING", "no route to the internet");
        });
        assertThat(h.requestsAfter(before, w.getWorkspaceId())).as("no call on the workspace's own APIs").isEmpty();
    }
}
