package io.dbxcp.workspace.configure;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.DatabricksSettings;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.testsupport.SampleEvents;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.Configure;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dbxcp.testsupport.TestContext;
import io.dbxcp.workspace.StepHandler;
import io.dbxcp.workspace.model.Ref;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * What every configure test needs: the emulator (instant provisioning, reset before each test), a
 * RUNNING workspace made through the SDK as steps 2 and 3 would make it, the request of
 * events/workspace-request.json, the project's Databricks clients pointed at the emulator, and
 * views of the emulator's state and request log to show that a rerun changes nothing.
 */
final class ConfigureFixture {
    private static final AtomicInteger SEQ = new AtomicInteger();

    final DatabricksEmulatorExtension emu;
    final AccountClient account;

    ConfigureFixture(DatabricksEmulatorExtension emu) {
        this.emu = emu;
        this.account = new AccountClient(emu.accountConfig());
    }

    static DatabricksEmulatorExtension emulator() {
        return DatabricksEmulatorExtension.builder().provisioningTime(Duration.ZERO).resetBetweenTests().build();
    }

    /** The sample request, under a workspace name of its own (secret names in moto stay apart). */
    static WorkspaceRequest sampleRequest() {
        ObjectNode detail = (ObjectNode) SampleEvents.copy("workspace-request.json").path("detail");
        String name = "analytics-prod-" + SEQ.incrementAndGet();
        detail.put("workspaceName", name).put("deploymentName", name);
        return Json.convert(detail, WorkspaceRequest.class);
    }

    /** The request with only the parts of configure that {@code pick} keeps. */
    static WorkspaceRequest withConfigure(WorkspaceRequest r, UnaryOperator<Configure> pick) {
        Configure c = r.configure() == null ? new Configure(null, null, null, null, null, null, null, null) : r.configure();
        return new WorkspaceRequest(r.requestId(), r.workspaceName(), r.deploymentName(), r.awsAccountId(), r.region(),
                r.crossAccountRoleArn(), r.rootBucket(), r.network(), r.keys(), r.pricingTier(), r.customTags(), pick.apply(c));
    }

    /** Registers credentials and storage, creates the workspace and waits for RUNNING with the SDK's waiter. */
    ProvisionState runningWorkspace(WorkspaceRequest request) {
        String credentialsId = account.credentials().create(new CreateCredentialRequest()
                .setCredentialsName(request.workspaceName() + "-credentials")
                .setAwsCredentials(new CreateCredentialAwsCredentials()
                        .setStsRole(new CreateCredentialStsRole().setRoleArn(request.crossAccountRoleArn()))))
                .getCredentialsId();
        String storageId = account.storage().create(new CreateStorageConfigurationRequest()
                .setStorageConfigurationName(request.workspaceName() + "-storage")
                .setRootBucketInfo(new RootBucketInfo().setBucketName(request.rootBucket())))
                .getStorageConfigurationId();
        Workspace w;
        try {
            w = account.workspaces().create(new CreateWorkspaceRequest()
                    .setWorkspaceName(request.workspaceName())
                    .setDeploymentName(request.deploymentName())
                    .setAwsRegion(request.region())
                    .setCredentialsId(credentialsId)
                    .setStorageConfigurationId(storageId))
                    .get(Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            throw new AssertionError("the workspace did not reach RUNNING", e);
        }
        String url = "https://" + w.getDeploymentName() + ".cloud.databricks.com";
        return new ProvisionState("provision-workspace", null, request, null,
                new ProvisionState.WorkspaceRef(w.getWorkspaceId(), w.getWorkspaceName(), w.getDeploymentName(), url,
                        w.getWorkspaceStatus().name(), w.getWorkspaceStatusMessage(), true, 1),
                Map.of(), null, null, null);
    }

    /** The state with another request. */
    static ProvisionState with(ProvisionState state, WorkspaceRequest request) {
        return new ProvisionState(state.workflow(), state.trigger(), request, state.registered(), state.workspace(), state.configured(),
                state.error(), state.failedStep(), state.startedAt());
    }

    /** Calls a handler as Lambda does: the state as JSON in, the Refs as JSON out. */
    static List<Ref> invoke(StepHandler<List<Ref>> handler, ProvisionState state, String functionName) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Json.write(state).getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext(functionName));
            return Json.MAPPER.readValue(out.toByteArray(), new TypeReference<List<Ref>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's clients (as a function builds them from its environment), as the account admin. */
    DatabricksClients clients() {
        return new DatabricksClients(new DatabricksSettings(emu.baseUrl(), emu.accountId(), Optional.empty(),
                Optional.of(emu.adminClientId()), Optional.of(emu.adminClientSecret()), DatabricksEmulatorExtension.HTTP_TIMEOUT_SECONDS),
                secretId -> {
                    throw new AssertionError("no credentials secret in tests");
                });
    }

    /** An SDK client on the workspace, as the account admin (to arrange and inspect). */
    WorkspaceClient workspaceClient(ProvisionState state) {
        return account.getWorkspaceClient(new Workspace().setWorkspaceId(state.workspace().workspaceId())
                .setDeploymentName(state.workspace().deploymentName()));
    }

    /** The emulator's objects, without the clock and the count of OAuth tokens. */
    JsonNode objects() {
        ObjectNode s = emu.state().deepCopy();
        s.remove("now");
        s.remove("live_tokens_by_kind");
        return s;
    }

    /** The workspace's contents as the emulator holds them. */
    JsonNode contents(ProvisionState state) {
        for (JsonNode w : emu.state().path("workspaces")) {
            if (w.path("workspace_id").asLong() == state.workspace().workspaceId()) return w.path("contents");
        }
        throw new AssertionError("no workspace " + state.workspace().workspaceId() + " in the emulator");
    }

    long lastRequest() {
        List<RequestLog.Entry> all = emu.requests();
        return all.isEmpty() ? 0 : all.getLast().seq();
    }

    /** Every Databricks API request after {@code seq} (OAuth token requests and discovery left out). */
    List<RequestLog.Entry> apiRequestsAfter(long seq) {
        return emu.requests().stream().filter(e -> e.seq() > seq && e.path().startsWith("/api/")).toList();
    }

    /** The requests after {@code seq} that could change something (not GET). */
    List<RequestLog.Entry> writesAfter(long seq) {
        return apiRequestsAfter(seq).stream().filter(e -> !e.method().equals("GET")).toList();
    }

    /** Every request matching {@code path} answers 503 TEMPORARILY_UNAVAILABLE with Retry-After 0 (the SDK retries at once). */
    void unavailable(String method, String path, int count) {
        emu.faults().add(Faults.Rule.error(method, path, count, 503, "TEMPORARILY_UNAVAILABLE", "injected by the test")
                .withRetryAfter(0));
    }

    /** Every request matching {@code path} answers 500 INTERNAL_ERROR (the SDK does not retry it). */
    void internalError(String method, String path) {
        emu.faults().add(Faults.Rule.error(method, path, -1, 500, "INTERNAL_ERROR", "injected by the test"));
    }
}
