package io.dbxcp.workspace.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.MetastoreAssignment;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.Configure;
import io.dbxcp.workspace.model.WorkspaceRequest.Metastore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetastoreAssignmentServiceTest {
    @RegisterExtension
    static DatabricksEmulatorExtension emu = ConfigureFixture.emulator();

    ConfigureFixture f;
    MetastoreAssignmentService service;
    String metastoreId;

    @BeforeEach
    void setUp() {
        f = new ConfigureFixture(emu);
        service = new MetastoreAssignmentService(f.clients());
        metastoreId = f.account.metastores().create(new AccountsCreateMetastore().setMetastoreInfo(new CreateAccountsMetastore()
                .setName("us-east-1-metastore").setRegion("us-east-1").setStorageRoot("s3://uc-root-us-east-1/metastore")))
                .getMetastoreInfo().getMetastoreId();
    }

    private static WorkspaceRequest metastoreOnly(WorkspaceRequest r, Metastore m) {
        return ConfigureFixture.withConfigure(r, c -> new Configure(null, null, null, null, null, null, m, null));
    }

    /** The sample's Unity Catalog request, naming the emulator's metastore. */
    private WorkspaceRequest sample() {
        WorkspaceRequest r = ConfigureFixture.sampleRequest();
        Metastore m = r.configure().metastore();
        return metastoreOnly(r, new Metastore(m.type(), metastoreId, m.defaultCatalogName(), m.glueCatalogId()));
    }

    private MetastoreAssignment assignment(ProvisionState state) {
        return f.account.metastoreAssignments().get(state.workspace().workspaceId()).getMetastoreAssignment();
    }

    @Test
    void assign_sampleRequest_assignsTheMetastoreWithTheDefaultCatalog() {
        ProvisionState state = f.runningWorkspace(sample());

        List<Ref> refs = service.assign(state);

        assertThat(refs).containsExactly(new Ref("metastore-assignment", metastoreId, "main", true));
        assertThat(assignment(state).getMetastoreId()).isEqualTo(metastoreId);
        assertThat(assignment(state).getDefaultCatalogName()).isEqualTo("main");
    }

    @Test
    void assign_rerun_reusesTheAssignmentAndWritesNothing() {
        ProvisionState state = f.runningWorkspace(sample());
        service.assign(state);
        JsonNode before = f.objects();
        long seq = f.lastRequest();

        assertThat(service.assign(state)).containsExactly(new Ref("metastore-assignment", metastoreId, "main", false));
        assertThat(f.writesAfter(seq)).isEmpty();
        assertThat(f.objects()).isEqualTo(before);
    }

    @Test
    void assign_sameMetastoreOtherDefaultCatalog_setsTheCatalogAndReportsReused() {
        ProvisionState state = f.runningWorkspace(sample());
        f.account.metastoreAssignments().create(new AccountsCreateMetastoreAssignment().setWorkspaceId(state.workspace().workspaceId())
                .setMetastoreId(metastoreId).setMetastoreAssignment(new CreateMetastoreAssignment().setMetastoreId(metastoreId)
                        .setDefaultCatalogName("hive_metastore")));

        assertThat(service.assign(state)).containsExactly(new Ref("metastore-assignment", metastoreId, "main", false));
        assertThat(assignment(state).getDefaultCatalogName()).isEqualTo("main");
    }

    @Test
    void assign_workspaceOnAnotherMetastore_isResourceConflictAndChangesNothing() {
        ProvisionState state = f.runningWorkspace(sample());
        service.assign(state);
        String other = "0e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
        ProvisionState elsewhere = ConfigureFixture.with(state, metastoreOnly(state.request(), new Metastore("UNITY_CATALOG", other, null, null)));
        JsonNode before = f.objects();

        assertThatThrownBy(() -> service.assign(elsewhere))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining(metastoreId)
                .hasMessageContaining(other);
        assertThat(f.objects()).isEqualTo(before);
    }

    @Test
    void assign_unityCatalogWithoutMetastoreId_isAnInvalidRequest() {
        ProvisionState state = f.runningWorkspace(metastoreOnly(ConfigureFixture.sampleRequest(), new Metastore("UNITY_CATALOG", null, null, null)));

        assertThatThrownBy(() -> service.assign(state))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("configure.metastore.metastoreId");
    }

    @Test
    void assign_glueHiveOrNothing_returnsNoRefAndCallsNoApi() {
        ProvisionState glue = f.runningWorkspace(metastoreOnly(ConfigureFixture.sampleRequest(), new Metastore("GLUE", null, null, null)));
        long seq = f.lastRequest();

        assertThat(service.assign(glue)).isEmpty();
        assertThat(service.assign(ConfigureFixture.with(glue, metastoreOnly(glue.request(), new Metastore("HIVE", null, null, null))))).isEmpty();
        assertThat(service.assign(ConfigureFixture.with(glue, metastoreOnly(glue.request(), null)))).isEmpty();
        assertThat(emu.requests()).allMatch(e -> e.seq() <= seq);
    }

    @Test
    void assign_accountApiUnavailable_isTransient() {
        ProvisionState state = f.runningWorkspace(sample());
        f.unavailable("GET", "/api/2.0/accounts/*/workspaces/*/metastore", -1);

        assertThatThrownBy(() -> service.assign(state)).isInstanceOf(TransientException.class).hasMessageContaining("503");
    }

    @Test
    void handleRequest_sampleState_returnsTheAssignmentRef() {
        ProvisionState state = f.runningWorkspace(sample());

        assertThat(ConfigureFixture.invoke(new AssignMetastoreHandler(service), state, "assign-metastore"))
                .containsExactly(new Ref("metastore-assignment", metastoreId, "main", true));
    }
}
