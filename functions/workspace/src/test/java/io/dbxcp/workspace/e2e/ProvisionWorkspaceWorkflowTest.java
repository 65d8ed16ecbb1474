package io.dbxcp.workspace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.local.Execution;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.offline.OfflineWorkflows;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * provision-workspace end to end: the real state machine on the local runner, the real handlers,
 * the Databricks emulator and moto, the sample events of events/.
 */
class ProvisionWorkspaceWorkflowTest {
    static OfflineWorkflows h;

    @BeforeAll
    static void start() {
        // Waits scaled 1:50 (a 20 s poll takes 0.4 s): polls and retries keep their order against the emulator's clock.
        h = OfflineWorkflows.start(0.02, emu -> emu.provisioningTime(Duration.ofMillis(300)));
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

    /** A sample event for a workspace of its own name, so tests sharing the emulator do not meet. */
    static ObjectNode request(String file, String name) {
        ObjectNode event = OfflineWorkflows.sample(file, "req-" + name);
        ObjectNode d = (ObjectNode) event.path("detail");
        d.put("workspaceName", name);
        if (d.has("deploymentName")) d.put("deploymentName", name);
        return event;
    }

    Execution run(ObjectNode event) {
        EventRouting.Routed routed = h.prepared(event);
        return h.run(routed.workflow(), routed.input(), routed.executionName());
    }

    @Test
    void fullSampleRequest_provisionsConfiguresAndAnnouncesTheWorkspace() {
        ObjectNode event = request("workspace-request.json", "e2e-full");

        Execution ex = run(event);

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        JsonNode out = ex.output();
        assertThat(out.at("/workspace/status").asText()).isEqualTo("RUNNING");
        assertThat(out.at("/reachability/checked").asBoolean()).isTrue();
        assertThat(out.at("/registered/credentials/created").asBoolean()).isTrue();
        assertThat(out.at("/registered/network/network/id").asText()).isNotBlank();
        assertThat(out.at("/registered/keys")).hasSize(2);
        for (String step : List.of("clusterPolicies", "initScript", "secretScopes", "instanceProfiles", "automationPrincipal", "logDelivery", "metastore")) {
            assertThat(out.at("/configured/" + step)).as(step).isNotEmpty();
        }
        assertThat(out.at("/mounts/status").asText()).as(out.at("/mounts").toString()).isEqualTo("SUCCEEDED");
        long id = out.at("/workspace/workspaceId").asLong();
        List<JsonNode> announced = h.events("Workspace Provisioned");
        assertThat(announced).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/workspaceId").asLong()).isEqualTo(id);
            assertThat(e.at("/detail/url").asText()).isNotBlank();
            assertThat(e.at("/detail/requestId").asText()).isEqualTo("req-e2e-full");
        });
        JsonNode ws = workspace(id);
        assertThat(ws.path("workspace_status").asText()).isEqualTo("RUNNING");
        assertThat(ws.path("managed_services_customer_managed_key_id").asText()).isNotBlank();
        assertThat(ws.path("storage_customer_managed_key_id").asText()).isNotBlank();
    }

    @Test
    void minimalRequest_makesAWorkspaceWithADatabricksManagedVpcAndNothingElse() {
        Execution ex = run(request("workspace-request-minimal.json", "e2e-minimal"));

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.output().at("/registered/network").isNull()).isTrue();
        assertThat(ex.output().at("/registered/keys")).isEmpty();
        ex.output().path("configured").forEach(step -> assertThat(step).isEmpty());
        assertThat(ex.output().at("/mounts/status").asText()).isEqualTo("NOT_ASKED");
        assertThat(h.events("Workspace Provisioned")).hasSize(1);
    }

    @Test
    void privateLinkRequest_registersEndpointsAndPrivateAccessAndSaysWhyReachabilityIsNotChecked() {
        Execution ex = run(request("workspace-request-privatelink.json", "e2e-privatelink"));

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.output().at("/registered/network/vpcEndpoints")).hasSize(2);
        assertThat(ex.output().at("/registered/network/privateAccessSettings/id").asText()).isNotBlank();
        assertThat(ex.output().at("/reachability/checked").asBoolean()).isFalse();
        assertThat(ex.output().at("/reachability/detail").asText()).contains("PrivateLink");
        JsonNode ws = workspace(ex.output().at("/workspace/workspaceId").asLong());
        assertThat(ws.path("private_access_settings_id").asText()).isEqualTo(ex.output().at("/registered/network/privateAccessSettings/id").asText());
    }

    @Test
    void rerunOfTheSameRequest_makesNoNewObject() {
        ObjectNode event = request("workspace-request.json", "e2e-rerun");
        EventRouting.Routed routed = h.prepared(event);
        Execution first = h.run(routed.workflow(), routed.input(), routed.executionName());
        assertThat(first.status()).as(first.error() + " " + first.cause()).isEqualTo("SUCCEEDED");
        JsonNode before = h.emulator().state();

        Execution second = h.run(routed.workflow(), routed.input(), routed.executionName() + "-again");

        assertThat(second.status()).as(second.error() + " " + second.cause()).isEqualTo("SUCCEEDED");
        assertThat(second.output().at("/workspace/created").asBoolean()).isFalse();
        assertThat(second.output().at("/workspace/workspaceId")).isEqualTo(first.output().at("/workspace/workspaceId"));
        assertThat(createdRefs(second.output())).as("objects the rerun made").isEmpty();
        assertThat(counts(h.emulator().state())).isEqualTo(counts(before));
    }

    @Test
    void existingWorkspaceOfThatNameThatDoesNotMatch_isNotAdoptedAndTheRunCleansUp() {
        EventRouting.Routed first = h.prepared(request("workspace-request-minimal.json", "e2e-adopt"));
        assertThat(h.run(first.workflow(), first.input(), first.executionName()).status()).isEqualTo("SUCCEEDED");
        JsonNode before = h.emulator().state();
        // The same workspace asked again with customer-managed keys: the workspace of that name has none.
        ObjectNode withKeys = first.input().deepCopy();
        String key = h.prepared(request("workspace-request.json", "e2e-adopt-keys")).input().at("/request/keys/managedServicesKeyArn").asText();
        ((ObjectNode) withKeys.path("request")).putObject("keys").put("managedServicesKeyArn", key);

        Execution ex = h.run(first.workflow(), withKeys, first.executionName() + "-with-keys");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("WorkspaceProvisioningFailed");
        assertThat(h.events("Workspace Provisioning Failed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/failedStep").asText()).isEqualTo("CreateWorkspace");
            assertThat(e.at("/detail/error").asText()).isEqualTo("io.dbxcp.common.errors.ResourceConflictException");
            assertThat(e.at("/detail/cause").asText()).contains("does not match the request").contains("managed_services_customer_managed_key_id");
            assertThat(e.at("/detail/cleanedUp")).extracting(n -> n.path("kind").asText()).containsOnly("customer-managed-key");
            assertThat(e.at("/detail/kept")).extracting(n -> n.at("/ref/kind").asText()).contains("credentials", "storage-configuration");
        });
        assertThat(counts(h.emulator().state())).as("nothing left behind").isEqualTo(counts(before));
    }

    @Test
    void credentialsNameTakenByAnotherRole_failsRegistrationAndCleansUpTheOtherBranches() {
        EventRouting.Routed first = h.prepared(request("workspace-request-minimal.json", "e2e-taken"));
        assertThat(h.run(first.workflow(), first.input(), first.executionName()).status()).isEqualTo("SUCCEEDED");
        h.events();
        JsonNode before = h.emulator().state();
        ObjectNode second = request("workspace-request.json", "e2e-taken"); // prepared anew: another role, bucket and keys
        ((ObjectNode) second.path("detail")).put("requestId", "req-e2e-taken-2");

        Execution ex = run(second);

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(h.events("Workspace Provisioning Failed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/failedStep").asText()).isEqualTo("RegisterCredentials");
            assertThat(e.at("/detail/cause").asText()).contains("credentials 'e2e-taken-credentials' exist for role");
        });
        assertThat(counts(h.emulator().state())).as("nothing left behind").isEqualTo(counts(before));
    }

    @Test
    void roleWithoutTheExternalId_failsInPreflightBeforeAnyDatabricksCall() {
        ObjectNode event = request("workspace-request-minimal.json", "e2e-preflight");
        EventRouting.Routed routed = h.prepared(event);
        String role = routed.input().at("/request/crossAccountRoleArn").asText();
        // the role was made by the preparer: replace its trust policy with one without the external id
        iam().updateAssumeRolePolicy(b -> b.roleName(role.substring(role.lastIndexOf('/') + 1)).policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:root\"},\"Action\":\"sts:AssumeRole\"}]}"));
        int accountCallsBefore = accountCalls();

        Execution ex = h.run(routed.workflow(), routed.input(), routed.executionName());

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(accountCalls()).as("Databricks account API calls").isEqualTo(accountCallsBefore);
        assertThat(h.events("Workspace Provisioning Failed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/failedStep").asText()).isEqualTo("PreflightAwsResources");
            assertThat(e.at("/detail/error").asText()).isEqualTo("io.dbxcp.common.errors.PreconditionFailedException");
            assertThat(e.at("/detail/cause").asText()).contains(role).contains("sts:ExternalId");
        });
    }

    @Test
    void workspaceThatEndsFailed_failsWithItsMessageAndLeavesNothingBehind() {
        h.emulator().scenario().failWorkspace("e2e-failed", "subnet subnet-0a1b has no route to the internet");
        JsonNode before = h.emulator().state();

        Execution ex = run(request("workspace-request.json", "e2e-failed"));

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(h.events("Workspace Provisioning Failed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/failedStep").asText()).isEqualTo("WaitForWorkspace");
            assertThat(e.at("/detail/error").asText()).isEqualTo("WorkspaceFailed");
            assertThat(e.at("/detail/cause").asText()).contains("no route to the internet");
            assertThat(e.at("/detail/cleanedUp")).extracting(n -> n.path("kind").asText())
                    .contains("workspace", "credentials", "storage-configuration", "network", "customer-managed-key");
        });
        assertThat(counts(h.emulator().state())).as("nothing left behind").isEqualTo(counts(before));
    }

    @Test
    void throttlingWithRetryAfterAndServiceUnavailable_arePassedThrough() {
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.0/accounts/*/workspaces", 2, 429, "REQUEST_LIMIT_EXCEEDED", "slow down").withRetryAfter(1));
        h.emulator().faults().add(Faults.Rule.error("GET", "/api/2.0/accounts/*/credentials", 6, 503, "TEMPORARILY_UNAVAILABLE", "try later"));

        Execution ex = run(request("workspace-request-minimal.json", "e2e-faults"));

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.events("StateRetried")).extracting(HistoryEventView::state).contains("RegisterCredentials");
    }

    @Test
    void newRoleThatIamHasNotPropagatedYet_isRetriedUntilDatabricksAcceptsIt() {
        // Databricks refuses the credentials ("Failed credentials validation checks") for 1.5 s after it
        // first sees the role; the state machine retries from 10 s (0.2 s at this wait scale), backing off.
        h.emulator().scenario().iamPropagationDelay(Duration.ofMillis(1500));
        try {
            Execution ex = run(request("workspace-request-minimal.json", "e2e-iam"));

            assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
            assertThat(ex.events("StateRetried")).extracting(e -> e.state()).contains("RegisterCredentials");
            assertThat(ex.events("TaskFailed", "RegisterCredentials")).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.NotYetConsistentException"));
        } finally {
            h.emulator().scenario().iamPropagationDelay(Duration.ZERO);
        }
    }

    @Test
    void workspaceWhoseApiLagsBehindRunning_isPolledUntilItAnswers() {
        h.emulator().scenario().workspaceReachableDelay(Duration.ofMillis(800));
        try {
            Execution ex = run(request("workspace-request-minimal.json", "e2e-dns"));

            assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
            assertThat(ex.output().at("/reachability/checked").asBoolean()).isTrue();
            long id = ex.output().at("/workspace/workspaceId").asLong();
            // the workspace answered "not reachable yet" (503) before it answered: the check waited for it
            assertThat(h.emulator().requests()).filteredOn(r -> Long.valueOf(id).equals(r.workspaceId()) && r.path().endsWith("/Me"))
                    .extracting(r -> r.status()).contains(503).endsWith(200);
        } finally {
            h.emulator().scenario().workspaceReachableDelay(Duration.ZERO);
        }
    }

    @Test
    void createWhoseAnswerWasLostAfterDatabricksMadeIt_findsItsWorkspaceAndMakesNoSecond() {
        // Databricks makes the workspace and the credentials, then the answers are lost (503): the SDK
        // retries the POSTs and meets "already exists"; the steps find their own objects.
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.0/accounts/*/workspaces", 1, 503, "TEMPORARILY_UNAVAILABLE", "lost").servedFirst());
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.0/accounts/*/credentials", 1, 503, "TEMPORARILY_UNAVAILABLE", "lost").servedFirst());

        Execution ex = run(request("workspace-request-minimal.json", "e2e-lost-answer"));

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.output().at("/workspace/created").asBoolean()).as("the retried create's workspace is this run's").isTrue();
        assertThat(h.emulator().state().path("workspaces")).filteredOn(w -> w.path("workspace_name").asText().equals("e2e-lost-answer")).hasSize(1);
        assertThat(h.emulator().state().path("credentials")).filteredOn(c -> c.path("credentials_name").asText().equals("e2e-lost-answer-credentials")).hasSize(1);
        assertThat(h.emulator().requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/workspaces"))
                .extracting(r -> r.status()).contains(503);
    }

    @Test
    void keyLogDeliveryAndTokenCreatesWhoseAnswersWereLost_leaveOneOfEach() {
        // Key configurations have no name: the SDK's second POST (after a 503 that lost the answer) makes a
        // second configuration, which the step deletes, keeping the oldest. A log delivery's second POST is
        // refused (one with the same fields exists): the step finds the one its first POST made.
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.0/accounts/*/customer-managed-keys", 2, 503, "TEMPORARILY_UNAVAILABLE", "lost").servedFirst());
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.0/accounts/*/log-delivery", 2, 503, "TEMPORARILY_UNAVAILABLE", "lost").servedFirst());
        // The automation token's second POST makes a second token nobody sees: the step revokes it.
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.0/token-management/on-behalf-of/tokens", 1, 503, "TEMPORARILY_UNAVAILABLE", "lost").servedFirst());

        Execution ex = run(request("workspace-request.json", "e2e-lost-key"));

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        java.util.Map<String, Integer> perKeyAndUse = new java.util.TreeMap<>();
        h.emulator().state().path("customer_managed_keys").forEach(k -> k.path("use_cases").forEach(u ->
                perKeyAndUse.merge(k.at("/aws_key_info/key_arn").asText() + " " + u.asText(), 1, Integer::sum)));
        assertThat(perKeyAndUse).isNotEmpty().allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1));
        assertThat(h.emulator().state().path("log_delivery"))
                .filteredOn(d -> d.path("config_name").asText().startsWith("e2e-lost-key-"))
                .extracting(d -> d.path("log_type").asText()).containsExactlyInAnyOrder("BILLABLE_USAGE", "AUDIT_LOGS");
        assertThat(workspace(ex.output().at("/workspace/workspaceId").asLong()).at("/contents/tokens"))
                .filteredOn(t -> t.path("comment").asText().equals("dbxcp automation token of workspace e2e-lost-key")).hasSize(1);
    }

    @Test
    void createsWhoseAnswersWereLost_thenAFailedWorkspace_cleanUpWhatTheRetriesFound() {
        // Databricks makes each object, then answers 500 (which the SDK does not retry): the state machine
        // retries the step, whose look-up finds the object made after the run began, so it is the run's own.
        for (String kind : java.util.List.of("credentials", "storage-configurations", "networks", "customer-managed-keys", "workspaces")) {
            h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.0/accounts/*/" + kind, 1, 500, "INTERNAL_ERROR", "lost").servedFirst());
        }
        h.emulator().scenario().failWorkspace("e2e-lost-then-failed", "subnet subnet-0a1b has no route to the internet");
        JsonNode before = h.emulator().state();

        Execution ex = run(request("workspace-request.json", "e2e-lost-then-failed"));

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.events("StateRetried")).extracting(HistoryEventView::state)
                .contains("RegisterCredentials", "RegisterStorage", "RegisterNetwork", "RegisterKeys", "CreateWorkspace");
        assertThat(h.events("Workspace Provisioning Failed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/cleanedUp")).extracting(n -> n.path("kind").asText())
                    .contains("workspace", "credentials", "storage-configuration", "network", "customer-managed-key");
            assertThat(e.at("/detail/kept")).as("nothing of this run is kept").isEmpty();
        });
        assertThat(counts(h.emulator().state())).as("nothing left behind").isEqualTo(counts(before));
    }

    @Test
    void automationToken_isKeptInSecretsManagerAndInNoLogLine() {
        Execution ex = run(request("workspace-request.json", "e2e-token"));
        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        JsonNode secretRef = StreamSupport.stream(ex.output().at("/configured/automationPrincipal").spliterator(), false)
                .filter(r -> r.path("kind").asText().equals("secret")).findFirst().orElseThrow();

        String value = secrets().getSecretValue(b -> b.secretId(secretRef.path("id").asText())).secretString();
        String token = io.dbxcp.common.json.Json.read(value).path("token").asText();

        assertThat(token).isNotBlank();
        assertThat(h.capturedLogs()).doesNotContain(token);
        assertThat(ex.output().toString()).doesNotContain(token);
    }

    // ---------------------------------------------------------------- helpers

    interface HistoryEventView {
        static String state(io.dbxcp.local.HistoryEvent e) {
            return e.state();
        }
    }

    JsonNode workspace(long id) {
        return StreamSupport.stream(h.emulator().state().path("workspaces").spliterator(), false)
                .filter(w -> w.path("workspace_id").asLong() == id).findFirst().orElseThrow();
    }

    /** How many objects of each account kind the emulator holds. */
    static java.util.Map<String, Integer> counts(JsonNode state) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String kind : List.of("credentials", "storage_configurations", "networks", "private_access_settings", "vpc_endpoints",
                "customer_managed_keys", "workspaces")) {
            counts.put(kind, state.path(kind).size());
        }
        return counts;
    }

    static Set<String> createdRefs(JsonNode output) {
        return output.findParents("created").stream()
                .filter(n -> n.path("created").asBoolean() && n.has("kind"))
                .map(n -> n.path("kind").asText() + ":" + n.path("id").asText())
                .collect(Collectors.toSet());
    }

    int accountCalls() {
        return (int) h.emulator().requests().stream().filter(r -> r.path().startsWith("/api/2.0/accounts/")).count();
    }

    software.amazon.awssdk.services.iam.IamClient iam() {
        return io.dbxcp.common.aws.AwsClients.build(software.amazon.awssdk.services.iam.IamClient.builder(), h.aws(software.amazon.awssdk.regions.Region.AWS_GLOBAL));
    }

    software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secrets() {
        return io.dbxcp.common.aws.AwsClients.build(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder(), h.aws());
    }
}
