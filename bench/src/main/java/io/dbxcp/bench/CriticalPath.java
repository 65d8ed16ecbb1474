package io.dbxcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.http.RequestLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The critical path of one provisioning run: the longest chain of waits that no orchestration could avoid, built
 * from the run's own execution histories and the emulator's model.
 * <ul>
 * <li>A Task weighs what it took (its calls are sequential inside it: look up, then create).</li>
 * <li>A Parallel state weighs its longest branch; a Map its longest iteration (the buckets fit its concurrency).</li>
 * <li>A poll loop weighs the time its object still needed when the step before it ended (the workspace's
 * provisioning, its DNS, a job run's cluster start and run, as the emulator models them) plus one last poll.</li>
 * <li>Wait states, retry pauses beyond that need, and the engine's time between states weigh nothing: they are
 * what the ratio wall / critical path shows.</li>
 * </ul>
 */
final class CriticalPath {

    /** The modeled asynchronous waits of the run (real time, after scaling). */
    record Model(Duration provisioning, Duration reachable, Duration jobPending, Duration jobRun, Duration workspaceCall) {
    }

    /** One segment of the path: a name and its weight. */
    record Segment(String name, long ms) {
    }

    private final List<Segment> segments = new ArrayList<>();

    long totalMs() {
        return segments.stream().mapToLong(Segment::ms).sum();
    }

    List<Segment> segments() {
        return segments;
    }

    /**
     * @param top      the provision-workspace history events (the runner's history file's {@code events})
     * @param nested   the nested mount-buckets execution's history events
     * @param requests the emulator's request log of the run
     */
    static CriticalPath of(List<JsonNode> top, List<JsonNode> nested, List<RequestLog.Entry> requests, Model model) {
        CriticalPath cp = new CriticalPath();
        History h = new History(top);
        cp.add("ValidateRequest", h.duration("ValidateRequest", -1));
        cp.add("PreflightAwsResources", h.duration("PreflightAwsResources", -1));
        cp.add("RegisterAccountObjects (longest branch)", h.longest(-1, "RegisterCredentials", "RegisterStorage",
                "RegisterNetwork", "RegisterKeys"));
        cp.add("CreateWorkspace", h.duration("CreateWorkspace", -1));
        Instant created = start(only(requests, e -> e.method().equals("POST") && e.path().endsWith("/workspaces")));
        Instant running = created.plus(model.provisioning());
        cp.add("workspace provisioning still to come", gap(h.exited("CreateWorkspace", -1), running));
        cp.add("GetWorkspaceStatus (the poll that sees RUNNING)", h.duration("GetWorkspaceStatus", -1));
        Instant reachable = running.plus(model.reachable());
        // Not reachable yet when the check began: the wait for its DNS, then one call that answers (the check's
        // own waiting, SDK retries of the 503s and retry pauses, is what the ratio shows). Else the check as it ran.
        long dns = gap(h.entered("CheckWorkspaceReachable", -1), reachable);
        cp.add("CheckWorkspaceReachable (DNS still to come + one call, or the check as it ran)",
                dns > 0 ? dns + model.workspaceCall().toMillis() : h.lastAttempt("CheckWorkspaceReachable", -1));
        cp.add("ConfigureWorkspace (longest branch)", h.longest(-1, "ConfigureClusterPolicies", "ConfigureInitScript",
                "ConfigureSecretScopes", "ConfigureInstanceProfiles", "ConfigureAutomationPrincipal",
                "ConfigureLogDelivery", "AssignMetastore"));
        History m = new History(nested);
        cp.add("mount-buckets: ValidateRequest", m.duration("ValidateRequest", -1));
        List<RequestLog.Entry> submits = requests.stream()
                .filter(e -> e.method().equals("POST") && e.path().endsWith("/jobs/runs/submit") && e.status() == 200)
                .toList();
        long longestBucket = 0;
        for (int i : m.mapIndexes("SubmitMountRun")) {
            Instant submitExit = m.exited("SubmitMountRun", i);
            Instant submitEnter = m.entered("SubmitMountRun", i);
            // Concurrent iterations submit within each other's windows: take the earliest submit in this one's
            // window, which can only make the path shorter (the ratio harsher).
            Instant submitted = submits.stream().map(CriticalPath::start)
                    .filter(t -> !t.isBefore(submitEnter) && !t.isAfter(submitExit)).min(Instant::compareTo)
                    .orElseThrow(() -> new IllegalStateException("no job run submitted by SubmitMountRun [" + i + "]"));
            Instant done = submitted.plus(model.jobPending()).plus(model.jobRun());
            long bucket = m.duration("CheckMount", i) + m.duration("RegisterInstanceProfile", i)
                    + m.duration("SubmitMountRun", i) + gap(submitExit, done) + m.duration("GetMountRunState", i)
                    + m.duration("VerifyMount", i);
            longestBucket = Math.max(longestBucket, bucket);
        }
        cp.add("mount-buckets: longest bucket (check, profile, submit, cluster start and run, last poll, verify)",
                longestBucket);
        cp.add("mount-buckets: ReportResults + AnnounceBucketsMounted",
                m.duration("ReportResults", -1) + m.duration("AnnounceBucketsMounted", -1));
        cp.add("AnnounceProvisioned", h.duration("AnnounceProvisioned", -1));
        return cp;
    }

    private void add(String name, long ms) {
        segments.add(new Segment(name, ms));
    }

    private static long gap(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMillis());
    }

    private static Instant start(RequestLog.Entry e) {
        return Instant.parse(e.time());
    }

    private static RequestLog.Entry only(List<RequestLog.Entry> entries, Predicate<RequestLog.Entry> p) {
        List<RequestLog.Entry> found = entries.stream().filter(p).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one request, found " + found.size() + ": " + found);
        }
        return found.get(0);
    }

    /** The states of one history, by name and map index (-1 outside a Map): last entry and exit, retries. */
    private static final class History {
        private final Map<String, JsonNode> entered = new LinkedHashMap<>();
        private final Map<String, JsonNode> exited = new LinkedHashMap<>();
        private final Map<String, JsonNode> lastRetry = new LinkedHashMap<>();

        History(List<JsonNode> events) {
            for (JsonNode e : events) {
                String key = e.path("state").asText() + "#" + e.path("mapIndex").asInt(-1);
                switch (e.path("type").asText()) {
                    case "StateEntered" -> entered.put(key, e);
                    case "StateExited" -> exited.put(key, e);
                    case "StateRetried" -> lastRetry.put(key, e);
                    default -> {
                    }
                }
            }
        }

        long duration(String state, int index) {
            return Duration.between(entered(state, index), exited(state, index)).toMillis();
        }

        /** The last attempt of a retried Task: from the end of its last retry pause to its exit. */
        long lastAttempt(String state, int index) {
            JsonNode retry = lastRetry.get(state + "#" + index);
            if (retry == null) {
                return duration(state, index);
            }
            Instant resumed = Instant.parse(retry.path("timestamp").asText())
                    .plusMillis(retry.path("retry").path("scaledPauseMs").asLong());
            return gap(resumed, exited(state, index));
        }

        long longest(int index, String... states) {
            long max = 0;
            for (String s : states) {
                max = Math.max(max, duration(s, index));
            }
            return max;
        }

        Instant entered(String state, int index) {
            return at(entered, state, index);
        }

        Instant exited(String state, int index) {
            return at(exited, state, index);
        }

        List<Integer> mapIndexes(String state) {
            return exited.keySet().stream().filter(k -> k.startsWith(state + "#"))
                    .map(k -> Integer.parseInt(k.substring(state.length() + 1))).toList();
        }

        private static Instant at(Map<String, JsonNode> events, String state, int index) {
            JsonNode e = events.get(state + "#" + index);
            if (e == null) {
                throw new IllegalStateException("no event for state " + state + (index >= 0 ? " [" + index + "]" : "")
                        + ": the workflow changed; update CriticalPath");
            }
            return Instant.parse(e.path("timestamp").asText());
        }
    }
}
