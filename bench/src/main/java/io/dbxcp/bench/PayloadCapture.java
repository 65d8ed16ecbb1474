package io.dbxcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.json.Json;
import io.dbxcp.local.Execution;
import io.dbxcp.local.HistoryEvent;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.offline.OfflineBackends;
import io.dbxcp.local.template.FunctionSpec;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.workspace.configure.AutomationPrincipalService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The payload each function of template.yaml receives, captured on the local runner against the
 * Databricks emulator and moto: every workflow runs once from its sample event of events/ (each
 * function keeps the input of its first invocation, nested executions included), and what no
 * workflow invokes is built as its AWS caller sends it (the rotation function, as Secrets Manager
 * calls it; the expiry check, as its schedule does). The runs build on one another, in one world:
 * mount-buckets and the secret workflows use the workspace and the automation token secret that
 * provision-workspace made. {@link #functions()} lists them in an order that is safe to measure in
 * (a function measured later does not undo what an earlier one needs; the compensation comes last),
 * and {@link #prepare} sets what a function needs found in place just before it is measured.
 */
final class PayloadCapture {
    /** The daily expiry check's schedule, as EventBridge Scheduler names it. */
    private static final String SCHEDULE = "arn:aws:scheduler:%s:%s:schedule/default/CredentialExpiryCheckFunctionDaily";

    private final Path root;
    private final OfflineBackends offline;
    private final LocalRunner runner;
    private final Map<String, JsonNode> payloads = new LinkedHashMap<>();
    private final Map<String, Runnable> scenes = new HashMap<>();
    private final SecretsManagerClient secrets;

    private PayloadCapture(Path root, OfflineBackends offline, LocalRunner runner) {
        this.root = root;
        this.offline = offline;
        this.runner = runner;
        this.secrets = AwsClients.build(SecretsManagerClient.builder(), offline.aws());
    }

    /** Runs every workflow once and builds the other payloads. */
    static PayloadCapture capture(Path root, OfflineBackends offline, LocalRunner runner) throws Exception {
        PayloadCapture c = new PayloadCapture(root, offline, runner);
        JsonNode provisioned = c.provisionWorkspace();
        long workspaceId = provisioned.at("/workspace/workspaceId").asLong();
        c.run(c.sample("bucket-mount-request.json", e -> ((ObjectNode) e.get("detail")).put("workspaceId", workspaceId)));
        c.run(c.sample("kms-cmk-rotation.json", e -> { }));
        c.run(c.sample("key-replacement-request.json", e -> { }));
        c.run(c.sample("controltower-create-managed-account.json", e -> { }));
        // The VPC step runs only when the stack is configured for it (parameter OnboardNetwork, default false):
        // the Organizations sample runs on a runner configured so.
        try (LocalRunner withNetwork = LocalRunner.builder().projectRoot(root).environment(offline.environment())
                .localValues(Map.of("OnboardNetwork", "true")).waitScale(0.02).historyDir(Files.createTempDirectory("dbxcp-bench")).quiet().build()) {
            c.run(withNetwork, c.sample("organizations-create-account-result.json", e -> { }));
        }
        c.failedAt("OnboardFailureReportFunction", c.payloads.get("OnboardLogDeliveryFunction"), "ConfigureLogDelivery");
        c.secretWorkflows(provisioned.at("/request/workspaceName").asText(), workspaceId);
        // The compensation does not run on success: give it the final state of a run that failed there.
        c.failedAt("CompensateFunction", provisioned, "ConfigureWorkspace");
        c.createStateMachinesForTheIntake();
        return c;
    }

    /** Every function with a payload, in the order to measure them. */
    List<String> functions() {
        return List.copyOf(payloads.keySet());
    }

    JsonNode payload(String function) {
        return payloads.get(function);
    }

    /** Sets the scenes due before the function is measured: its own, and those of the functions before it (once). */
    void prepare(String function) {
        for (String f : payloads.keySet()) {
            Runnable scene = scenes.remove(f);
            if (scene != null) scene.run();
            if (f.equals(function)) return;
        }
    }

    /** provision-workspace with every option: the intake's event, then each function's input; its final state. */
    private JsonNode provisionWorkspace() throws Exception {
        JsonNode event = sample("workspace-request.json", e -> { });
        payloads.put("IntakeFunction", event);
        return run(event).output();
    }

    /**
     * sync-secret-scopes and rotate-secrets on the automation token secret provision-workspace made
     * (the secret the samples name), then the rotation function and the expiry check.
     */
    private void secretWorkflows(String workspaceName, long workspaceId) throws Exception {
        String secret = secrets.describeSecret(b -> b.secretId(AutomationPrincipalService.secretName(workspaceName))).arn();
        String account = secret.split(":")[4];
        String rotationFunction = rotationFunctionInMoto();
        // What a sync writes: the token into the workspace's secret scope (provisioning made the scope).
        secrets.tagResource(b -> b.secretId(secret).tags(Tag.builder().key(SecretTags.SCOPE_SYNC)
                .value(workspaceId + "/data-platform/automation-token").build()));
        run(sample("secretsmanager-rotation-succeeded.json", e -> {
            ((ObjectNode) e).put("account", account);
            ((ObjectNode) e.at("/detail/additionalEventData")).put("SecretId", secret);
        }));
        String value = secrets.getSecretValue(b -> b.secretId(secret).versionStage("AWSCURRENT")).secretString();
        run(sample("secret-rotation-request.json", e -> {
            ((ObjectNode) e).put("account", account);
            ((ObjectNode) e.get("detail")).putArray("secretIds").add(secret);
        }));
        // moto's RotateSecret without a function (the secret's own configuration) ends the rotation at once, and
        // the version it makes current holds no value: Secrets Manager would have run the rotation function, which
        // stores a credential there. rotate-secrets' functions are measured first, on the state their run left;
        // then the secret gets its value back (a new current version) for the functions that read it.
        scenes.put("IntakeFunction", () -> secrets.putSecretValue(b -> b.secretId(secret).secretString(value)));
        LinkedHashMap<String, JsonNode> first = new LinkedHashMap<>();
        for (String fn : List.of("StartRotationFunction", "CheckRotationFunction")) first.put(fn, payloads.remove(fn));
        first.putAll(payloads);
        payloads.clear();
        payloads.putAll(first);

        // The rotation function: Secrets Manager starts a rotation (a new AWSPENDING version without a value),
        // then calls createSecret. The rotation starts just before the function is measured, so that nothing
        // measured earlier sees a rotation in progress.
        String version = UUID.randomUUID().toString();
        payloads.put("SecretRotationFunction", Json.MAPPER.createObjectNode().put("SecretId", secret)
                .put("ClientRequestToken", version).put("Step", "createSecret").put("RotationToken", UUID.randomUUID().toString()));
        scenes.put("SecretRotationFunction", () -> secrets.rotateSecret(b -> b.secretId(secret).clientRequestToken(version)
                .rotationLambdaARN(rotationFunction).rotationRules(r -> r.automaticallyAfterDays(30L)).rotateImmediately(true)));

        // The daily expiry check: its schedule (ScheduleV2) names no Input, so EventBridge Scheduler sends its
        // default notification, modeled here on EventBridge's scheduled event; the handler does not read it.
        String region = offline.environment().get("AWS_REGION");
        payloads.put("CredentialExpiryCheckFunction", Json.MAPPER.createObjectNode().put("version", "0")
                .put("id", UUID.randomUUID().toString()).put("detail-type", "Scheduled Event").put("source", "aws.scheduler")
                .put("account", account).put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).put("region", region)
                .<ObjectNode>set("resources", Json.MAPPER.createArrayNode().add(SCHEDULE.formatted(region, account)))
                .put("detail", "{}"));
    }

    /**
     * The rotation function the template names (its alias {@code live}), as a function moto knows: moto's
     * RotateSecret with a function checks that it exists and "invokes" it (it never runs: no Docker).
     */
    private String rotationFunctionInMoto() throws Exception {
        FunctionSpec ensure = runner.bindings().function("EnsureRotationFunction").orElseThrow();
        String arn = runner.bindings().environment(ensure).variables().get("ROTATION_FUNCTION_ARN");
        String[] parts = arn.split(":"); // arn:aws:lambda:<region>:<account>:function:<name>:<alias>
        String handler = runner.bindings().function(parts[6]).orElseThrow().handler();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(offline.moto().endpoint() + "/moto-api/config"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"lambda\": {\"use_docker\": false}}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) throw new IllegalStateException("moto config: " + r.statusCode() + " " + r.body());
        AwsSettings aws = offline.aws();
        SdkBytes code = SdkBytes.fromByteArray(emptyZip());
        try (IamClient iam = AwsClients.build(IamClient.builder(), new AwsSettings(Region.AWS_GLOBAL, aws.endpoint(), aws.credentials(), aws.httpTimeout()));
             LambdaClient lambda = AwsClients.build(LambdaClient.builder(), aws)) {
            String role = iam.createRole(b -> b.roleName("dbxcp-bench-rotation").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                    .role().arn();
            lambda.createFunction(b -> b.functionName(parts[6]).runtime(Runtime.JAVA21).role(role).handler(handler)
                    .code(c -> c.zipFile(code)));
            String version = lambda.publishVersion(b -> b.functionName(parts[6])).version();
            lambda.createAlias(b -> b.functionName(parts[6]).name(parts[7]).functionVersion(version));
        }
        return arn;
    }

    /** A sample event of events/, changed by {@code edit} to name what the earlier runs made. */
    private JsonNode sample(String file, Consumer<JsonNode> edit) throws IOException {
        JsonNode event = Json.read(Files.readString(root.resolve("events").resolve(file)));
        edit.accept(event);
        return event;
    }

    /** Runs the workflow the event starts (its fixtures made first) and keeps each function's first input. */
    private Execution run(JsonNode event) throws Exception {
        return run(runner, event);
    }

    private Execution run(LocalRunner runner, JsonNode event) throws Exception {
        EventRouting.Routed routed = runner.eventRouting().route(event);
        offline.prepare(runner, routed.workflow(), routed.input());
        Execution ex = runner.run(routed.workflow(), routed.input(), routed.executionName());
        if (!ex.succeeded()) {
            throw new IllegalStateException(routed.workflow() + " failed: " + ex.error() + " " + ex.cause());
        }
        collect(ex.history().stream().map(HistoryEvent::json).toList());
        return ex;
    }

    /** The first input of each function in a history, and in the histories of its nested executions. */
    private void collect(List<JsonNode> history) throws IOException {
        for (JsonNode e : history) {
            String fn = e.path("function").asText(null);
            if (fn != null && "TaskSucceeded".equals(e.path("type").asText())) payloads.putIfAbsent(fn, e.get("parameters"));
            String child = e.path("childHistory").asText(null);
            if (child != null) {
                List<JsonNode> events = new ArrayList<>();
                Json.read(Files.readString(Path.of(child))).path("events").forEach(events::add);
                collect(events);
            }
        }
    }

    /** A failure handler's input: the state its workflow had when {@code step} failed, with the error the Catch adds. */
    private void failedAt(String function, JsonNode state, String step) {
        ObjectNode failed = state.deepCopy();
        failed.putObject("error").put("Error", "Benchmark").put("Cause", "a failure made up by the benchmark");
        failed.put("failedStep", step);
        payloads.put(function, failed);
    }

    /** The intake starts executions: give it the state machines the template names (local stand-in ARNs) in moto. */
    private void createStateMachinesForTheIntake() {
        FunctionSpec intake = runner.bindings().function("IntakeFunction").orElseThrow();
        try (SfnClient sfn = AwsClients.build(SfnClient.builder(), offline.aws())) {
            runner.bindings().environment(intake).variables().forEach((k, v) -> {
                if (k.endsWith("_STATE_MACHINE_ARN")) {
                    sfn.createStateMachine(b -> b.name(v.substring(v.lastIndexOf(':') + 1)).roleArn("arn:aws:iam::123456789012:role/sfn")
                            .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"));
                }
            });
        }
    }

    private static byte[] emptyZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README"));
            zip.write("never run".getBytes());
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
