package io.dbxcp.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.validation.RequestRules;
import io.dbxcp.local.Execution;
import io.dbxcp.local.HistoryEvent;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.events.IntakeEventRouting;
import io.dbxcp.local.offline.OfflineWorkflows;
import io.dbxcp.testsupport.BadInputs;
import io.dbxcp.testsupport.BadInputs.Bad;
import io.dbxcp.testsupport.SampleEvents;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A generated corpus of bad console inputs: what a person pastes when starting an execution in the
 * Step Functions console, which skips the intake. For every sample of events/, the workflow input
 * the intake makes of it (its {@code request}) is mutated with the generator the intake's corpus
 * uses ({@link BadInputs}: required fields removed, unknown fields, patterned strings set to empty,
 * huge, control characters, injection strings, emoji, other types; enum fields outside their enum,
 * wrong regions included; fields of other types), plus: the request missing or not an object, every
 * ARN of a workspace request in another account or region, secret ids under dbxcp/ that no secret
 * name can be, and the input of each sample sent to every other workflow. The requests
 * without a schema of events/ (an onboarding, a key change, a scope sync) are mutated by the
 * schema their first state validates with.
 *
 * <p>All run concurrently on one local runner with the real state machines and handlers against the
 * emulator and moto. Each execution must fail, in its first state (never passing it), with the
 * workflow's validation error whose message names the mutated field (or, where the state machine
 * reads the field by path before any Task, the engine's error naming that path); no other Task may
 * fail and no Java exception other than the validation error may appear. Across the corpus: no
 * Databricks object is made (emulator state unchanged, no POST, PUT, PATCH or DELETE beyond OAuth
 * tokens) and nothing is made in moto.
 */
class ConsoleInputCorpusTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String INVALID = "io.dbxcp.common.errors.InvalidRequestException";
    private static final int CONCURRENCY = 8;
    /** The Task that validates each workflow's input. */
    static final Map<String, String> FIRST_TASK = Map.of(
            "provision-workspace", "ValidateRequest",
            "mount-buckets", "ValidateRequest",
            "rotate-key", "ValidateRequest",
            "onboard-account", "PlanOnboarding",
            "rotate-secrets", "ValidateRequest",
            "sync-secret-scopes", "ValidateRequest");

    /** The events each workflow announces its failure with (rotate-secrets: its one event, a refused request with no results). */
    static final Map<String, Set<String>> FAILURE_EVENTS = Map.of(
            "provision-workspace", Set.of("Workspace Provisioning Failed"),
            "mount-buckets", Set.of("Bucket Mount Failed"),
            "rotate-key", Set.of("Key Check Failed", "Key Replacement Failed"),
            "onboard-account", Set.of("Account Onboarding Failed"),
            "rotate-secrets", Set.of("Secrets Rotated"),
            "sync-secret-scopes", Set.of("Secret Scope Sync Failed"));
    /** Bad values per patterned string field, in turn (of BadInputs' nine): every value meets a third of the fields. */
    private static final int VALUES_PER_FIELD = 3;
    /** Mutations a workflow cannot refuse (none: every workflow's first Task validates its whole request). */
    static final Map<String, Set<String>> NOT_CHECKED = Map.of();

    static OfflineWorkflows h;

    record Case(String workflow, Bad bad) {
        @Override
        public String toString() {
            return bad.name();
        }
    }

    record Outcome(Case c, Execution ex, Throwable thrown) {}

    @BeforeAll
    static void start() {
        h = OfflineWorkflows.start(0, emu -> { });
    }

    @AfterAll
    static void stop() {
        if (h != null) h.close();
    }

    // ---------------------------------------------------------------- the corpus

    static List<Case> corpus() {
        Map<String, Case> all = new LinkedHashMap<>(); // by workflow and mutation: a field several samples share is mutated once
        Map<String, ObjectNode> inputs = new LinkedHashMap<>();
        for (String file : SampleEvents.all()) {
            EventRouting.Routed routed = route(file);
            String wf = routed.workflow();
            ObjectNode input = (ObjectNode) routed.input();
            inputs.put(file, input);
            String label = wf + " <- " + file;
            List<Bad> bad = new ArrayList<>();
            for (Object notAnObject : List.of("request", 42, List.of())) {
                bad.add(BadInputs.mutate(label, "request = " + BadInputs.describe(notAnObject), "request", input,
                        in -> BadInputs.set(in, "request", notAnObject)));
            }
            bad.add(BadInputs.mutate(label, "no request", "request", input, in -> in.remove("request")));
            JsonNode schema = requestSchema(wf, input.path("request"));
            bad.addAll(BadInputs.fromSchema(label, input, "request", schema, VALUES_PER_FIELD));
            bad.addAll(BadInputs.moreFromSchema(label, input, "request", schema));
            bad.addAll(foreignArns(wf, label, input));
            bad.addAll(secretIdsUnderThePrefix(wf, label, input));
            for (Bad b : bad) {
                String what = b.name().substring(label.length() + 2);
                if (!NOT_CHECKED.getOrDefault(wf, Set.of()).contains(what)) all.putIfAbsent(wf + "|" + what, new Case(wf, b));
            }
        }
        // The input of each sample sent to another workflow's state machine.
        for (var e : inputs.entrySet()) {
            String from = e.getValue().path("workflow").asText();
            for (String to : FIRST_TASK.keySet().stream().sorted().toList()) {
                if (to.equals(from)) continue;
                all.put(to + "|" + e.getKey(), new Case(to, BadInputs.mutate(to + " <- " + e.getKey(), "meant for " + from, "request", e.getValue(), in -> { })));
            }
        }
        return List.copyOf(all.values());
    }

    /** ARNs in another account or region: every ARN of a workspace request must be in its awsAccountId (a key also in its region). */
    static List<Bad> foreignArns(String workflow, String label, ObjectNode input) {
        List<Bad> out = new ArrayList<>();
        if (!workflow.equals("provision-workspace")) return out;
        arns(input.path("request"), "", (path, arn) -> {
            out.add(BadInputs.mutate(label, path + " in another account", "request." + path, input,
                    in -> BadInputs.set(in.path("request"), path, withSegment(arn, 4, "999999999999"))));
            if (arn.startsWith("arn:aws:kms:")) {
                out.add(BadInputs.mutate(label, path + " in another region", "request." + path, input,
                        in -> BadInputs.set(in.path("request"), path, withSegment(arn, 3, arn.contains(":eu-west-1:") ? "us-west-2" : "eu-west-1"))));
            }
        });
        return out;
    }

    static void arns(JsonNode value, String path, java.util.function.BiConsumer<String, String> found) {
        if (value.isTextual() && value.asText().startsWith("arn:aws:")) found.accept(path, value.asText());
        if (value.isObject()) value.fields().forEachRemaining(f -> arns(f.getValue(), BadInputs.join(path, f.getKey()), found));
        if (value.isArray()) for (int i = 0; i < value.size(); i++) arns(value.get(i), path + "[" + i + "]", found);
    }

    static String withSegment(String arn, int index, String value) {
        String[] parts = arn.split(":", 6);
        parts[index] = value;
        return String.join(":", parts);
    }

    /** Secret ids under dbxcp/ (the prefix this control plane manages) that no secret name can be. */
    static List<Bad> secretIdsUnderThePrefix(String workflow, String label, ObjectNode input) {
        String path = switch (workflow) {
            case "rotate-secrets" -> "secretIds[0]";
            case "sync-secret-scopes" -> "secretId";
            default -> null;
        };
        List<Bad> out = new ArrayList<>();
        if (path == null) return out;
        for (Object bad : BadInputs.badValues()) {
            if (!(bad instanceof String s) || s.isEmpty()) continue;
            String id = "dbxcp/" + s;
            out.add(BadInputs.mutate(label, path + " = \"dbxcp/\" + " + BadInputs.describe(s), "request." + path, input,
                    in -> BadInputs.set(in.path("request"), path, id)));
        }
        return out;
    }

    static EventRouting.Routed route(String file) {
        try {
            return new IntakeEventRouting().route(SampleEvents.json(file));
        } catch (EventRouting.Rejected e) {
            throw new IllegalStateException(file + " is a sample the intake refuses: " + e.violations(), e);
        }
    }

    /** The schema (by its name under schemas/) the workflow's first state validates its request with; none for a scope sync. */
    static String schemaName(String workflow, JsonNode request) {
        return switch (workflow) {
            case "provision-workspace" -> "workspace-request";
            case "mount-buckets" -> "bucket-mount-request";
            case "rotate-key" -> "REPLACE".equals(request.path("kind").asText()) ? "key-replacement-request" : "key-change-request";
            case "onboard-account" -> "onboarding-request";
            case "rotate-secrets" -> "secret-rotation-request";
            case "sync-secret-scopes" -> null;
            default -> throw new IllegalArgumentException(workflow);
        };
    }

    /** The schema to mutate by; a scope sync's request is {"secretId"}, an id as the intake's schemas write it. */
    static JsonNode requestSchema(String workflow, JsonNode request) {
        String name = schemaName(workflow, request);
        if (name != null) return BadInputs.schema(name);
        ObjectNode s = F.objectNode().put("type", "object").put("additionalProperties", false);
        s.putArray("required").add("secretId");
        s.putObject("properties").set("secretId", BadInputs.schema("secret-rotation-request").at("/properties/secretIds/items"));
        return s;
    }

    // ---------------------------------------------------------------- the run

    @Test
    void corpus_hasAtLeastTwoHundredInputs_forEveryWorkflow() {
        Map<String, Long> perWorkflow = corpus().stream().collect(Collectors.groupingBy(Case::workflow, TreeMap::new, Collectors.counting()));
        System.out.println("console corpus: " + perWorkflow);
        assertThat(perWorkflow.keySet()).containsExactlyInAnyOrderElementsOf(FIRST_TASK.keySet());
        assertThat(perWorkflow.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(200);
    }

    @Test
    void everySampleInput_passesTheSchemaItsMutationsAreDrawnFrom_soEachRefusalIsTheMutations() {
        for (String file : SampleEvents.all()) {
            EventRouting.Routed routed = route(file);
            ObjectNode request = routed.input().path("request").deepCopy();
            String schema = schemaName(routed.workflow(), request);
            if (schema == null) continue; // a scope sync: the secret id's pattern is the intake's, which routed the sample
            if (schema.equals("key-replacement-request")) request.remove("kind"); // ValidateRequest reads it first
            assertThat(RequestRules.check(schema, request, "request")).as(file).isEmpty();
        }
    }

    @TestFactory
    Stream<DynamicNode> everyBadConsoleInput_isRefusedByTheFirstState_namingTheField_andMakesNothing() throws Exception {
        List<Case> corpus = corpus();
        JsonNode emulatorBefore = h.emulator().state();
        long lastRequest = h.emulator().requests().stream().mapToLong(r -> r.seq()).max().orElse(0);
        Map<String, List<String>> motoBefore = motoInventory();
        h.events();

        long started = System.nanoTime();
        List<Outcome> outcomes = runAll(corpus);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("console corpus: " + outcomes.size() + " executions in " + millis + " ms; refusals by workflow and error: "
                + outcomes.stream().collect(Collectors.groupingBy(o -> o.c().workflow() + " " + refusal(o), TreeMap::new, Collectors.counting())));

        List<JsonNode> announced = h.events();
        JsonNode emulatorAfter = h.emulator().state();
        List<String> writes = h.emulator().requests().stream()
                .filter(r -> r.seq() > lastRequest && !r.method().equals("GET") && !r.path().contains("/oidc/"))
                .map(r -> r.method() + " " + r.path()).toList();
        Map<String, List<String>> motoAfter = motoInventory();

        Map<String, List<Outcome>> byWorkflow = outcomes.stream()
                .collect(Collectors.groupingBy(o -> o.c().workflow(), TreeMap::new, Collectors.toList()));
        List<DynamicNode> nodes = new ArrayList<>();
        byWorkflow.forEach((wf, list) -> nodes.add(DynamicContainer.dynamicContainer(wf + " (" + list.size() + ")",
                list.stream().map(o -> DynamicTest.dynamicTest(o.c().toString(), () -> assertRefused(o))))));
        byWorkflow.forEach((wf, list) -> nodes.add(DynamicTest.dynamicTest(wf + ": one failure event per refusal in a Task, naming the validation error", () -> {
            long refusedInATask = list.stream().filter(o -> o.ex() != null && !o.ex().events("TaskFailed", FIRST_TASK.get(wf)).isEmpty()).count();
            List<JsonNode> failures = announced.stream().filter(e -> FAILURE_EVENTS.get(wf).contains(e.path("detail-type").asText())).toList();
            assertThat(failures).hasSize((int) refusedInATask)
                    .allSatisfy(e -> assertThat(e.path("detail").toString()).contains(INVALID));
        })));
        nodes.add(DynamicTest.dynamicTest("no other event (nothing provisioned, mounted, onboarded, checked or synced)", () -> assertThat(announced)
                .extracting(e -> e.path("detail-type").asText()).isSubsetOf(FAILURE_EVENTS.values().stream().flatMap(Set::stream).toList())));
        nodes.add(DynamicTest.dynamicTest("no Databricks object made (emulator state unchanged)",
                () -> assertThat(strip(emulatorAfter)).isEqualTo(strip(emulatorBefore))));
        nodes.add(DynamicTest.dynamicTest("no Databricks write (no POST, PUT, PATCH, DELETE but OAuth tokens)",
                () -> assertThat(writes).isEmpty()));
        nodes.add(DynamicTest.dynamicTest("nothing made in moto (IAM, S3, KMS, Secrets Manager, EC2)",
                () -> assertThat(motoAfter).isEqualTo(motoBefore)));
        return nodes.stream();
    }

    static List<Outcome> runAll(List<Case> corpus) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                Case c = corpus.get(i);
                String name = "console-" + i;
                futures.add(pool.submit(() -> {
                    try {
                        return new Outcome(c, h.runner().run(c.workflow(), c.bad().document(), name), null);
                    } catch (RuntimeException e) {
                        return new Outcome(c, null, e);
                    }
                }));
            }
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : futures) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- the checks

    static void assertRefused(Outcome o) {
        assertThat(o.thrown()).as("%s: the runner ran it", o.c()).isNull();
        Execution ex = o.ex();
        String first = FIRST_TASK.get(o.c().workflow());
        String story = o.c() + ": " + ex.status() + " " + ex.error() + " " + ex.cause() + "\nTask failures: "
                + ex.events("TaskFailed").stream().map(e -> e.state() + " " + e.error() + " " + message(e)).toList();
        assertThat(ex.status()).as(story).isEqualTo("FAILED");
        assertThat(ex.events("TaskSucceeded", first)).as("%s never passes: %s", first, story).isEmpty();
        for (HistoryEvent failed : ex.events("TaskFailed")) {
            assertThat(failed.state()).as("only %s fails: %s", first, story).isEqualTo(first);
            assertThat(failed.error()).as("the validation error, not an unhandled exception: %s", story).isEqualTo(INVALID);
        }
        List<String> names = names(o.c());
        List<HistoryEvent> refusals = ex.events("TaskFailed", first);
        if (!refusals.isEmpty()) {
            for (HistoryEvent r : refusals) {
                assertThat(names).as("a violation naming %s with its reason, in: %s", names, message(r))
                        .anySatisfy(n -> assertThat(message(r)).containsPattern(violation(n)));
            }
        } else {
            // The state machine read the field by a path before any Task ran: the engine names the path.
            assertThat(ex.error()).as(story).isEqualTo("States.Runtime");
            assertThat(ex.cause()).as(story).contains("$." + o.c().bad().field());
        }
    }

    static String refusal(Outcome o) {
        if (o.ex() == null) return "not run";
        List<HistoryEvent> failed = o.ex().events("TaskFailed", FIRST_TASK.get(o.c().workflow()));
        return failed.isEmpty() ? o.ex().status() + " " + o.ex().error() : failed.getFirst().error();
    }

    /**
     * The names a refusal may give the field: its path in the input; under "input" (provision-workspace names a
     * bare request so).
     */
    static List<String> names(Case c) {
        String field = c.bad().field();
        return List.of(field, field.replaceFirst("^request", "input"));
    }

    /** "field: reason" or "field.inner: reason" as a violation of the message (violations are joined by "; "). */
    static Pattern violation(String field) {
        return Pattern.compile("(^|; )" + Pattern.quote(field) + "([.\\[][^:]*)?: \\S");
    }

    static String message(HistoryEvent failed) {
        try {
            return Json.read(failed.cause()).path("errorMessage").asText();
        } catch (RuntimeException notJson) {
            return failed.cause();
        }
    }

    /** The emulator's state without what reading it changes (clocks, tokens). */
    static JsonNode strip(JsonNode state) {
        ObjectNode s = state.deepCopy();
        s.remove("now");
        s.remove("live_tokens_by_kind"); // OAuth tokens asked for (a token is no object)
        return s;
    }

    /** What the workflows could make in moto, by kind. */
    static Map<String, List<String>> motoInventory() {
        var aws = h.aws();
        Map<String, List<String>> out = new TreeMap<>();
        try (IamClient iam = AwsClients.build(IamClient.builder(), h.aws(Region.AWS_GLOBAL));
             S3Client s3 = AwsClients.build(S3Client.builder(), aws);
             KmsClient kms = AwsClients.build(KmsClient.builder(), aws);
             SecretsManagerClient sm = AwsClients.build(SecretsManagerClient.builder(), aws);
             Ec2Client ec2 = AwsClients.build(Ec2Client.builder(), aws)) {
            out.put("iam roles", sorted(iam.listRoles().roles().stream().map(r -> r.arn())));
            out.put("iam instance profiles", sorted(iam.listInstanceProfiles().instanceProfiles().stream().map(p -> p.arn())));
            out.put("iam policies", sorted(iam.listPolicies(b -> b.scope("Local")).policies().stream().map(p -> p.arn())));
            out.put("s3 buckets", sorted(s3.listBuckets().buckets().stream().map(b -> b.name())));
            out.put("kms keys", sorted(kms.listKeys().keys().stream().map(k -> k.keyArn())));
            out.put("kms aliases", sorted(kms.listAliases().aliases().stream().map(a -> a.aliasName())));
            out.put("secrets", sorted(sm.listSecrets().secretList().stream().map(s -> s.arn() + " rotation=" + s.rotationEnabled())));
            out.put("vpcs", sorted(ec2.describeVpcs().vpcs().stream().map(v -> v.vpcId())));
            out.put("vpc endpoints", sorted(ec2.describeVpcEndpoints().vpcEndpoints().stream().map(v -> v.vpcEndpointId())));
        }
        return out;
    }

    static List<String> sorted(Stream<String> s) {
        return s.collect(Collectors.toCollection(TreeSet::new)).stream().toList();
    }
}
