package io.dbxcp.workspace.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.Policy;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.ClusterPolicy;
import io.dbxcp.workspace.model.WorkspaceRequest.Configure;
import io.dbxcp.workspace.model.WorkspaceRequest.Metastore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterPoliciesServiceTest {
    @RegisterExtension
    static DatabricksEmulatorExtension emu = ConfigureFixture.emulator();

    ConfigureFixture f;
    ClusterPoliciesService service;

    @BeforeEach
    void setUp() {
        f = new ConfigureFixture(emu);
        service = new ClusterPoliciesService(f.clients());
    }

    private static WorkspaceRequest policiesOnly(WorkspaceRequest r) {
        return ConfigureFixture.withConfigure(r, c -> new Configure(c.clusterPolicies(), null, null, null, null, null, c.metastore(), null));
    }

    private JsonNode definition(ProvisionState state, String policyId) {
        return Json.read(f.workspaceClient(state).clusterPolicies().get(policyId).getDefinition());
    }

    @Test
    void configure_sampleRequest_createsOnePolicyPerEntryWithTheSecuritySettings() {
        ProvisionState state = f.runningWorkspace(policiesOnly(ConfigureFixture.sampleRequest()));

        List<Ref> refs = service.configure(state);

        assertThat(refs).extracting(Ref::kind, Ref::name, Ref::created).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cluster-policy", "secure-jobs", true),
                org.assertj.core.groups.Tuple.tuple("cluster-policy", "secure-all-purpose", true));
        JsonNode jobs = definition(state, refs.get(0).id());
        assertThat(jobs.path("cluster_type").path("value").asText()).isEqualTo("job");
        assertThat(jobs.path("autoscale.min_workers").path("minValue").asInt()).isEqualTo(1);
        assertThat(jobs.path("autoscale.max_workers").path("maxValue").asInt()).isEqualTo(8);
        assertThat(jobs.path("aws_attributes.availability").path("value").asText()).isEqualTo("SPOT_WITH_FALLBACK");
        assertThat(jobs.path("aws_attributes.first_on_demand").path("value").asInt()).isEqualTo(1);
        assertThat(jobs.path("aws_attributes.instance_profile_arn").path("value").asText())
                .isEqualTo("arn:aws:iam::111122223333:instance-profile/databricks-meta");
        assertThat(jobs.path("spark_conf.spark.hadoop.fs.s3a.server-side-encryption-algorithm").path("value").asText()).isEqualTo("SSE-KMS");
        assertThat(jobs.path("spark_conf.spark.hadoop.fs.s3a.server-side-encryption.key").path("value").asText())
                .isEqualTo("arn:aws:kms:us-east-1:111122223333:key/3d4e5f60-7182-4c9d-8e1f-2a3b4c5d6e7f");
        assertThat(jobs.path("spark_conf.spark.databricks.repl.allowedLanguages").path("value").asText()).isEqualTo("python,sql");
        assertThat(jobs.has("node_type_id")).isFalse();
        assertThat(jobs.has("spark_conf.spark.databricks.hive.metastore.glueCatalog.enabled")).isFalse();
        assertThat(definition(state, refs.get(1).id()).path("cluster_type").path("value").asText()).isEqualTo("all-purpose");
        assertThat(definition(state, refs.get(1).id()).path("autoscale.max_workers").path("maxValue").asInt()).isEqualTo(4);
        assertThat(f.workspaceClient(state).clusterPolicies().get(refs.get(0).id()).getDescription()).startsWith("Managed by dbxcp");
    }

    @Test
    void configure_rerun_reusesEveryPolicyAndChangesNothing() {
        ProvisionState state = f.runningWorkspace(policiesOnly(ConfigureFixture.sampleRequest()));
        List<Ref> first = service.configure(state);
        JsonNode before = f.objects();
        long seq = f.lastRequest();

        List<Ref> second = service.configure(state);

        assertThat(second).extracting(Ref::id).isEqualTo(first.stream().map(Ref::id).toList());
        assertThat(second).noneMatch(Ref::created);
        assertThat(f.writesAfter(seq)).isEmpty();
        assertThat(f.objects()).isEqualTo(before);
    }

    @Test
    void configure_glueMetastoreAndNodeTypes_fixesTheGlueCatalogAndAllowsOnlyThoseNodeTypes() {
        WorkspaceRequest sample = ConfigureFixture.sampleRequest();
        WorkspaceRequest request = ConfigureFixture.withConfigure(sample, c -> new Configure(
                List.of(new ClusterPolicy("glue-jobs", "job", 0, 2, false, null, null, List.of("sql"), List.of("m5d.large", "r5d.xlarge"))),
                null, null, null, null, null, new Metastore("GLUE", null, null, null), null));
        ProvisionState state = f.runningWorkspace(request);

        JsonNode d = definition(state, service.configure(state).getFirst().id());

        assertThat(d.path("spark_conf.spark.databricks.hive.metastore.glueCatalog.enabled").path("value").asText()).isEqualTo("true");
        assertThat(d.path("spark_conf.spark.hadoop.aws.region").path("value").asText()).isEqualTo("us-east-1");
        assertThat(d.path("spark_conf.spark.hadoop.hive.metastore.glue.catalogid").path("value").asText()).isEqualTo("111122223333");
        assertThat(d.path("spark_conf.spark.hadoop.aws.glue.cache.table.enable").path("defaultValue").asText()).isEqualTo("true");
        assertThat(d.path("node_type_id").path("type").asText()).isEqualTo("allowlist");
        assertThat(d.path("node_type_id").path("values")).extracting(JsonNode::asText).containsExactly("m5d.large", "r5d.xlarge");
        assertThat(d.path("node_type_id").path("defaultValue").asText()).isEqualTo("m5d.large");
        assertThat(d.path("driver_node_type_id").path("type").asText()).isEqualTo("allowlist");
        assertThat(d.path("aws_attributes.availability").path("value").asText()).isEqualTo("ON_DEMAND");
        assertThat(d.has("aws_attributes.first_on_demand")).isFalse();
        assertThat(d.path("autoscale.max_workers").path("minValue").asInt()).isEqualTo(1);
        assertThat(d.path("spark_conf.spark.databricks.repl.allowedLanguages").path("value").asText()).isEqualTo("sql");
        assertThat(d.has("spark_conf.spark.hadoop.fs.s3a.server-side-encryption.key")).isFalse();
    }

    @Test
    void configure_ourPolicyEditedByHand_isPutBackAndReportedAsReused() {
        ProvisionState state = f.runningWorkspace(policiesOnly(ConfigureFixture.sampleRequest()));
        Ref jobs = service.configure(state).getFirst();
        Policy p = f.workspaceClient(state).clusterPolicies().get(jobs.id());
        f.workspaceClient(state).clusterPolicies().edit(new EditPolicy().setPolicyId(p.getPolicyId()).setName(p.getName())
                .setDescription(p.getDescription()).setDefinition("{\"cluster_type\":{\"type\":\"fixed\",\"value\":\"all-purpose\"}}"));

        List<Ref> refs = service.configure(state);

        assertThat(refs.getFirst()).isEqualTo(new Ref("cluster-policy", jobs.id(), "secure-jobs", false));
        assertThat(definition(state, jobs.id()).path("cluster_type").path("value").asText()).isEqualTo("job");
        assertThat(definition(state, jobs.id()).has("spark_conf.spark.hadoop.fs.s3a.server-side-encryption.key")).isTrue();
    }

    @Test
    void configure_nameTakenBySomeoneElsesPolicy_isResourceConflictAndChangesNothing() {
        ProvisionState state = f.runningWorkspace(policiesOnly(ConfigureFixture.sampleRequest()));
        f.workspaceClient(state).clusterPolicies().create(new CreatePolicy().setName("Secure-Jobs").setDefinition("{}"));
        JsonNode before = f.objects();

        assertThatThrownBy(() -> service.configure(state))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("'Secure-Jobs'")
                .hasMessageContaining("not made by dbxcp");
        assertThat(f.objects()).isEqualTo(before);
    }

    @Test
    void configure_samePolicyMadeBySomeoneElse_isReused() {
        WorkspaceRequest request = policiesOnly(ConfigureFixture.sampleRequest());
        ProvisionState state = f.runningWorkspace(request);
        ClusterPolicy jobs = request.withDefaults().configure().clusterPolicies().getFirst();
        String id = f.workspaceClient(state).clusterPolicies().create(new CreatePolicy().setName("secure-jobs")
                .setDefinition(Json.write(PolicyDefinition.of(jobs, request.withDefaults())))).getPolicyId();

        List<Ref> refs = service.configure(state);

        assertThat(refs.getFirst()).isEqualTo(new Ref("cluster-policy", id, "secure-jobs", false));
        assertThat(refs.get(1).created()).isTrue();
    }

    @Test
    void configure_nothingAsked_returnsNoRefAndCallsNoApi() {
        ProvisionState state = f.runningWorkspace(ConfigureFixture.withConfigure(ConfigureFixture.sampleRequest(),
                c -> new Configure(null, c.initScript(), null, null, null, null, null, null)));
        long seq = f.lastRequest();

        assertThat(service.configure(state)).isEmpty();
        assertThat(new ClusterPoliciesService(f.clients()).configure(
                ConfigureFixture.with(state, ConfigureFixture.withConfigure(state.request(), c -> null)))).isEmpty();
        assertThat(emu.requests()).allMatch(e -> e.seq() <= seq);
    }

    @Test
    void configure_minWorkersAboveMaxWorkers_isAnInvalidRequestBeforeAnyCall() {
        WorkspaceRequest request = ConfigureFixture.withConfigure(ConfigureFixture.sampleRequest(), c -> new Configure(
                List.of(new ClusterPolicy("bad", "job", 9, 2, null, null, null, null, null)), null, null, null, null, null, null, null));
        ProvisionState state = f.runningWorkspace(request);
        long seq = f.lastRequest();

        assertThatThrownBy(() -> service.configure(state))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("configure.clusterPolicies[0].minWorkers");
        assertThat(f.apiRequestsAfter(seq)).isEmpty();
    }

    @Test
    void configure_workspaceUnavailableThroughTheSdkRetries_isTransient() {
        ProvisionState state = f.runningWorkspace(policiesOnly(ConfigureFixture.sampleRequest()));
        f.unavailable("GET", "/api/2.0/policies/clusters/list", -1);

        assertThatThrownBy(() -> service.configure(state))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("list cluster policies")
                .hasMessageContaining("503");
    }

    @Test
    void configure_oneUnavailableAnswer_passesThroughTheSdkRetry() {
        ProvisionState state = f.runningWorkspace(policiesOnly(ConfigureFixture.sampleRequest()));
        f.unavailable("POST", "/api/2.0/policies/clusters/create", 1);

        assertThat(service.configure(state)).hasSize(2).allMatch(Ref::created);
        assertThat(f.contents(state).path("cluster_policies")).hasSize(2);
    }

    @Test
    void configure_internalErrorThatTheSdkDoesNotRetry_isTransient() {
        ProvisionState state = f.runningWorkspace(policiesOnly(ConfigureFixture.sampleRequest()));
        f.internalError("POST", "/api/2.0/policies/clusters/create");

        assertThatThrownBy(() -> service.configure(state)).isInstanceOf(TransientException.class).hasMessageContaining("500");
    }

    @Test
    void handleRequest_sampleState_returnsTheServiceRefs() {
        ProvisionState state = f.runningWorkspace(policiesOnly(ConfigureFixture.sampleRequest()));

        List<Ref> refs = ConfigureFixture.invoke(new ConfigureClusterPoliciesHandler(service), state, "configure-cluster-policies");

        assertThat(refs).extracting(Ref::name).containsExactly("secure-jobs", "secure-all-purpose");
    }
}
