package io.dbxcp.storage.e2e;

import static io.dbxcp.storage.e2e.MountHarness.bucket;
import static io.dbxcp.storage.e2e.MountHarness.input;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.AwsIamRoleRequest;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.local.Execution;
import io.dbxcp.testsupport.SampleEvents;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** mount-buckets in mode unity-catalog, end to end on the local runner against the emulator and moto. */
class UnityCatalogWorkflowTest {
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

    /** A workspace with the region's metastore assigned. */
    static Workspace ucWorkspace() {
        Workspace w = h.workspace();
        h.assignMetastore(w);
        return w;
    }

    @Test
    void sampleEvent_throughTheIntakesRouting_makesACredentialPerRoleAndAnExternalLocationPerBucket_thenARerunDoesNothing() {
        Workspace w = ucWorkspace();
        ObjectNode event = SampleEvents.copy("bucket-mount-request.json");
        ((ObjectNode) event.path("detail")).put("workspaceId", w.getWorkspaceId());

        Execution ex = h.runEvent(event);

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.name()).isEqualTo("mount-req-mount-analytics-001");
        Map<String, JsonNode> results = byMountName(ex.output().path("buckets"));
        assertThat(results.get("raw").path("outcome").asText()).isEqualTo("CREATED");
        assertThat(results.get("trusted").path("outcome").asText()).isEqualTo("CREATED");
        WorkspaceClient ws = h.workspaceClient(w);
        ExternalLocationInfo raw = ws.externalLocations().get("raw");
        assertThat(raw.getUrl()).isEqualTo("s3://analytics-prod-raw/");
        assertThat(raw.getCredentialName()).isEqualTo("analytics-prod-data-databricks-data-raw");
        assertThat(raw.getReadOnly()).isFalse();
        ExternalLocationInfo trusted = ws.externalLocations().get("trusted");
        assertThat(trusted.getUrl()).isEqualTo("s3://analytics-prod-trusted/");
        assertThat(trusted.getReadOnly()).isTrue();
        StorageCredentialInfo credential = ws.storageCredentials().get("analytics-prod-data-databricks-data-trusted");
        assertThat(credential.getAwsIamRole().getRoleArn()).isEqualTo("arn:aws:iam::111122223333:role/databricks-data-trusted");
        assertThat(h.events()).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Buckets Mounted");
            assertThat(e.at("/detail/mode").asText()).isEqualTo("unity-catalog");
            assertThat(e.at("/detail/status").asText()).isEqualTo("SUCCEEDED");
            assertThat(e.at("/detail/buckets")).hasSize(2);
        });
        long before = h.lastRequest();

        Execution again = h.run(ex.input(), "mount-req-mount-analytics-001-again");

        assertThat(again.status()).as(again.error() + " " + again.cause()).isEqualTo("SUCCEEDED");
        assertThat(again.output().path("buckets")).allSatisfy(b -> assertThat(b.path("outcome").asText()).isEqualTo("ALREADY_EXISTS"));
        assertThat(h.requestsAfter(before, w.getWorkspaceId())).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("GET "));
    }

    @Test
    void externalLocationThatExistsWithAnotherUrlAndCredential_isAConflictNamingEachDifference_theOtherBucketIsCreated() {
        Workspace w = ucWorkspace();
        WorkspaceClient ws = h.workspaceClient(w);
        String taken = MountHarness.unique("taken");
        String theirs = MountHarness.unique("theirs");
        ws.storageCredentials().create(new CreateStorageCredential().setName(theirs)
                .setAwsIamRole(new AwsIamRoleRequest().setRoleArn(MountHarness.roleArn("their-role"))));
        ws.externalLocations().create(new CreateExternalLocation().setName(taken).setUrl("s3://" + taken + "-their-bucket/").setCredentialName(theirs));
        String free = MountHarness.unique("free");
        String credential = MountHarness.unique("conflict-cred");
        ObjectNode input = input("req-uc-conflict", w, "unity-catalog",
                bucket(taken + "-our-bucket", taken).put("roleArn", MountHarness.roleArn("our-data")),
                bucket(free + "-bucket", free).put("roleArn", MountHarness.roleArn("our-data")));
        ((ObjectNode) input.path("request")).put("storageCredentialName", credential);

        Execution ex = h.run(input, "mount-req-uc-conflict");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("BucketMountFailed");
        JsonNode event = h.events().getFirst();
        assertThat(event.at("/detail/status").asText()).isEqualTo("PARTIAL");
        Map<String, JsonNode> results = byMountName(event.at("/detail/buckets"));
        assertThat(results.get(free).path("outcome").asText()).isEqualTo("CREATED");
        assertThat(results.get(free).path("storageCredentialName").asText()).isEqualTo(credential);
        JsonNode conflict = results.get(taken);
        assertThat(conflict.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(conflict.path("failedStep").asText()).isEqualTo("EnsureExternalLocation");
        assertThat(conflict.path("error").asText()).isEqualTo("io.dbxcp.common.errors.ResourceConflictException");
        assertThat(conflict.path("cause").asText()).contains("external location '" + taken + "' exists but differs",
                "url is s3://" + taken + "-their-bucket/, asked s3://" + taken + "-our-bucket/", "credential is " + theirs + ", asked " + credential);
        assertThat(ws.externalLocations().get(taken).getUrl()).isEqualTo("s3://" + taken + "-their-bucket/");
    }

    @Test
    void storageCredentialThatExistsWithAnotherRole_isAConflict() {
        Workspace w = ucWorkspace();
        String credential = MountHarness.unique("shared-cred");
        h.workspaceClient(w).storageCredentials().create(new CreateStorageCredential().setName(credential)
                .setAwsIamRole(new AwsIamRoleRequest().setRoleArn(MountHarness.roleArn("somebody-else"))));
        String name = MountHarness.unique("rolecheck");
        ObjectNode input = input("req-uc-role", w, "unity-catalog", bucket(name + "-bucket", name).put("roleArn", MountHarness.roleArn("our-data")));
        ((ObjectNode) input.path("request")).put("storageCredentialName", credential);

        Execution ex = h.run(input, "mount-req-uc-role");

        assertThat(ex.status()).isEqualTo("FAILED");
        JsonNode b = h.events().getFirst().at("/detail/buckets/0");
        assertThat(b.path("failedStep").asText()).isEqualTo("EnsureStorageCredential");
        assertThat(b.path("cause").asText()).contains("storage credential '" + credential + "' exists with role "
                + MountHarness.roleArn("somebody-else") + ", not " + MountHarness.roleArn("our-data"));
    }

    @Test
    void workspaceWithoutAMetastore_failsTheRequestBeforeAnyBucket() {
        Workspace w = h.workspace();
        String name = MountHarness.unique("nometa");

        Execution ex = h.run(input("req-uc-nometa", w, "unity-catalog", bucket(name + "-bucket", name).put("roleArn", MountHarness.roleArn("d"))),
                "mount-req-uc-nometa");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.statesEntered()).doesNotContain("MountEachBucket");
        assertThat(ex.cause()).contains("has no Unity Catalog metastore assigned");
        assertThat(h.events()).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("Bucket Mount Failed");
            assertThat(e.at("/detail/error").asText()).isEqualTo("io.dbxcp.common.errors.PreconditionFailedException");
            assertThat(e.at("/detail/workspaceId").asLong()).isEqualTo(w.getWorkspaceId());
        });
    }
}
