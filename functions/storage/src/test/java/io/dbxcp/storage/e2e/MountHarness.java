package io.dbxcp.storage.e2e;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.compute.AddInstanceProfile;
import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.jobs.NotebookTask;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.DatabricksEmulator;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.offline.OfflineBackends;
import io.dbxcp.local.offline.OfflineWorkflows;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * mount-buckets end to end: the real state machine on the local runner with the real handlers, the
 * Databricks emulator and moto (started once per test class, on free ports), a queue that receives
 * every event put on the bus, and the real SDK clients to set the scene (workspaces, a metastore,
 * IAM instance profiles) and to look at the result.
 */
final class MountHarness implements AutoCloseable {
    static final String BUS = "dbxcp"; // template.yaml's EventBusName default
    static final String ACCOUNT = "123456789012"; // moto's account, and the template's AWS::AccountId locally
    static final String REGION = OfflineBackends.REGION;
    static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/3d4e5f60-7182-4c9d-8e1f-2a3b4c5d6e7f";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final OfflineWorkflows workflows;
    private final IamClient iam;
    private final DatabricksClients databricks;
    private String metastoreId;

    private MountHarness(OfflineWorkflows workflows) {
        this.workflows = workflows;
        this.iam = AwsClients.build(IamClient.builder(), workflows.aws(Region.AWS_GLOBAL));
        this.databricks = workflows.databricks();
    }

    static MountHarness start(double waitScale, Consumer<DatabricksEmulator.Builder> emulator) {
        return new MountHarness(OfflineWorkflows.start(waitScale, emulator));
    }

    /** As {@link #start(double, Consumer)}, with more environment for every handler (e.g. a short Databricks HTTP timeout). */
    static MountHarness start(double waitScale, Consumer<DatabricksEmulator.Builder> emulator, java.util.Map<String, String> environment) {
        return new MountHarness(OfflineWorkflows.start(waitScale, emulator, environment));
    }

    static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet();
    }

    DatabricksEmulator emulator() {
        return workflows.emulator();
    }

    LocalRunner runner() {
        return workflows.runner();
    }

    AccountClient account() {
        return databricks.account();
    }

    WorkspaceClient workspaceClient(Workspace w) {
        return databricks.workspace(w.getWorkspaceId(), w.getDeploymentName());
    }

    // ---------------------------------------------------------------- the scene

    /** A RUNNING workspace of its own (credentials and storage made for it). */
    Workspace workspace() {
        String name = unique("mounts-ws");
        AccountClient a = account();
        String credentials = a.credentials().create(new CreateCredentialRequest().setCredentialsName(name)
                .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole()
                        .setRoleArn("arn:aws:iam::" + ACCOUNT + ":role/" + name)))).getCredentialsId();
        String storage = a.storage().create(new CreateStorageConfigurationRequest().setStorageConfigurationName(name)
                .setRootBucketInfo(new RootBucketInfo().setBucketName(name + "-root"))).getStorageConfigurationId();
        try {
            return a.workspaces().create(new CreateWorkspaceRequest().setWorkspaceName(name).setDeploymentName(name)
                    .setAwsRegion(REGION).setCredentialsId(credentials).setStorageConfigurationId(storage)).get(Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** A workspace that ended FAILED with {@code message} (credentials and storage made for it). */
    Workspace failedWorkspace(String message) {
        String name = unique("mounts-failed-ws");
        AccountClient a = account();
        emulator().scenario().failWorkspace(name, message);
        String credentials = a.credentials().create(new CreateCredentialRequest().setCredentialsName(name)
                .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole()
                        .setRoleArn("arn:aws:iam::" + ACCOUNT + ":role/" + name)))).getCredentialsId();
        String storage = a.storage().create(new CreateStorageConfigurationRequest().setStorageConfigurationName(name)
                .setRootBucketInfo(new RootBucketInfo().setBucketName(name + "-root"))).getStorageConfigurationId();
        long id = a.workspaces().create(new CreateWorkspaceRequest().setWorkspaceName(name).setDeploymentName(name)
                .setAwsRegion(REGION).setCredentialsId(credentials).setStorageConfigurationId(storage)).getResponse().getWorkspaceId();
        try {
            a.workspaces().waitGetWorkspaceRunning(id, Duration.ofSeconds(30), null);
            throw new AssertionError("workspace " + name + " runs; it should have failed");
        } catch (IllegalStateException | TimeoutException failed) {
            return a.workspaces().get(id);
        }
    }

    /** The region's metastore (made once), assigned to the workspace. */
    void assignMetastore(Workspace w) {
        AccountClient a = account();
        if (metastoreId == null) {
            metastoreId = a.metastores().create(new AccountsCreateMetastore().setMetastoreInfo(new CreateAccountsMetastore()
                    .setName("main-" + REGION).setRegion(REGION).setStorageRoot("s3://uc-root-" + REGION + "/"))).getMetastoreInfo().getMetastoreId();
        }
        a.metastoreAssignments().create(new AccountsCreateMetastoreAssignment().setWorkspaceId(w.getWorkspaceId()).setMetastoreId(metastoreId)
                .setMetastoreAssignment(new CreateMetastoreAssignment().setMetastoreId(metastoreId).setDefaultCatalogName("main")));
    }

    /** An IAM role and an instance profile holding it, in moto; the profile's ARN. */
    String instanceProfile(String name) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
        iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(trust));
        iam.createInstanceProfile(b -> b.instanceProfileName(name));
        iam.addRoleToInstanceProfile(b -> b.instanceProfileName(name).roleName(name));
        return profileArn(name);
    }

    static String profileArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":instance-profile/" + name;
    }

    static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    void registerProfile(Workspace w, String arn) {
        workspaceClient(w).instanceProfiles().add(new AddInstanceProfile().setInstanceProfileArn(arn).setSkipValidation(true));
    }

    /** A workspace file or notebook's content, exported through the SDK. */
    String exported(Workspace w, String path) {
        return new String(java.util.Base64.getDecoder().decode(workspaceClient(w).workspace().export(path).getContent()),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A mount made by someone else: a notebook of theirs run as a one-time job (no dbxcp record). */
    void mountByHand(Workspace w, String mountPoint, String source) {
        WorkspaceClient ws = workspaceClient(w);
        String path = "/Shared/someone-else-mounts";
        String code = "# Databricks notebook source\ndbutils.fs.mount(source=\"" + source + "\", mount_point=\"" + mountPoint + "\")\n";
        ws.workspace().importContent(new Import().setPath(path).setFormat(ImportFormat.SOURCE).setLanguage(Language.PYTHON).setOverwrite(true)
                .setContent(java.util.Base64.getEncoder().encodeToString(code.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        long run = ws.jobs().submit(new SubmitRun().setRunName("by hand").setTasks(List.of(new SubmitTask().setTaskKey("m")
                .setNotebookTask(new NotebookTask().setNotebookPath(path))
                .setNewCluster(new ClusterSpec().setSparkVersion("15.4.x-scala2.12").setNumWorkers(0L))))).getResponse().getRunId();
        if (ws.jobs().getRun(run).getState().getResultState() != RunResultState.SUCCESS) throw new AssertionError("mount by hand failed");
    }

    // ---------------------------------------------------------------- inputs

    static ObjectNode bucket(String bucket, String mountName) {
        return Json.MAPPER.createObjectNode().put("bucket", bucket).put("mountName", mountName).put("kmsKeyArn", KEY_ARN);
    }

    /** The intake's input for a Bucket Mount Requested detail. */
    static ObjectNode input(String requestId, Workspace w, String mode, ObjectNode... buckets) {
        ObjectNode request = Json.MAPPER.createObjectNode().put("requestId", requestId).put("workspaceId", w.getWorkspaceId()).put("mode", mode);
        ArrayNode list = request.putArray("buckets");
        for (ObjectNode b : buckets) list.add(b);
        ObjectNode input = Json.MAPPER.createObjectNode().put("workflow", "mount-buckets");
        input.putObject("trigger").put("source", "dbxcp.controlplane").put("detailType", "Bucket Mount Requested");
        input.set("request", request);
        return input;
    }

    // ---------------------------------------------------------------- runs and what they did

    Execution run(JsonNode input, String executionName) {
        return runner().run("mount-buckets", input, executionName);
    }

    Execution runEvent(JsonNode event) {
        try {
            EventRouting.Routed routed = runner().eventRouting().route(event);
            return runner().run(routed.workflow(), routed.input(), routed.executionName());
        } catch (EventRouting.Rejected e) {
            throw new IllegalArgumentException(e.getMessage() + " " + e.violations(), e);
        }
    }

    /** The events that reached the bus since the last call, oldest first. */
    List<JsonNode> events() {
        return workflows.events();
    }

    /** The last request the emulator served (its sequence number), to look at what a run did after it. */
    long lastRequest() {
        List<RequestLog.Entry> all = emulator().requests();
        return all.isEmpty() ? 0 : all.getLast().seq();
    }

    /** Requests to the workspace served after {@code seq}: "METHOD path". */
    List<String> requestsAfter(long seq, long workspaceId) {
        return emulator().requests().stream()
                .filter(r -> r.seq() > seq && Long.valueOf(workspaceId).equals(r.workspaceId()))
                .map(r -> r.method() + " " + r.path()).toList();
    }

    /** The workspace's contents in the emulator's state (mounts, runs, files, instance profiles...). */
    JsonNode contents(Workspace w) {
        for (JsonNode ws : emulator().state().path("workspaces")) {
            if (ws.path("workspace_id").asLong() == w.getWorkspaceId()) return ws.path("contents");
        }
        throw new AssertionError("workspace " + w.getWorkspaceId() + " is not in the emulator's state");
    }

    @Override
    public void close() {
        workflows.close();
    }
}
