package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.catalog.AccountsCreateMetastore;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.AwsIamRoleRequest;
import com.databricks.sdk.service.catalog.CreateAccountsMetastore;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.DeleteStorageCredentialRequest;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.ListExternalLocationsRequest;
import com.databricks.sdk.service.catalog.ListStorageCredentialsRequest;
import com.databricks.sdk.service.catalog.MetastoreInfo;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import com.databricks.sdk.service.catalog.UpdateExternalLocation;
import com.databricks.sdk.service.catalog.UpdateStorageCredential;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Account metastores and their assignment; Unity Catalog storage credentials and external locations. */
class UnityCatalogContractTest {
  @RegisterExtension static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

  Fixtures f;
  Workspace w;
  WorkspaceClient ws;

  @BeforeEach
  void workspace() {
    f = new Fixtures(emu);
    w = f.runningWorkspace();
    ws = f.workspaceClient(w);
  }

  private MetastoreInfo metastore(String region) {
    return f.a.metastores()
        .create(
            new AccountsCreateMetastore()
                .setMetastoreInfo(new CreateAccountsMetastore().setName("main-" + region).setRegion(region).setStorageRoot("s3://uc-root/" + region)))
        .getMetastoreInfo();
  }

  private void assign(MetastoreInfo m) {
    f.a.metastoreAssignments()
        .create(
            new AccountsCreateMetastoreAssignment()
                .setWorkspaceId(w.getWorkspaceId())
                .setMetastoreId(m.getMetastoreId())
                .setMetastoreAssignment(new CreateMetastoreAssignment().setMetastoreId(m.getMetastoreId()).setDefaultCatalogName("main")));
  }

  private StorageCredentialInfo credential(String name) {
    return ws.storageCredentials()
        .create(new CreateStorageCredential().setName(name).setAwsIamRole(new AwsIamRoleRequest().setRoleArn(Fixtures.roleArn("uc-" + name))));
  }

  private ExternalLocationInfo location(String name, String url, String credential) {
    return ws.externalLocations().create(new CreateExternalLocation().setName(name).setUrl(url).setCredentialName(credential));
  }

  @Test
  void metastore_assignedToTheWorkspace_isReadBack() {
    MetastoreInfo m = metastore(Fixtures.REGION);

    assign(m);

    assertThat(f.a.metastoreAssignments().get(w.getWorkspaceId()).getMetastoreAssignment().getMetastoreId()).isEqualTo(m.getMetastoreId());
    assertThat(f.a.metastoreAssignments().list(m.getMetastoreId())).containsExactly(w.getWorkspaceId());
    assertThat(f.a.metastores().list()).extracting(MetastoreInfo::getMetastoreId).containsExactly(m.getMetastoreId());
  }

  @Test
  void metastore_ofAnotherRegionOrASecondAssignment_isRefused() {
    MetastoreInfo other = metastore("eu-west-1");
    assertThatThrownBy(() -> assign(other)).isInstanceOf(InvalidParameterValue.class);
    MetastoreInfo m = metastore(Fixtures.REGION);
    assign(m);

    assertThatThrownBy(() -> assign(m)).isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> metastore(Fixtures.REGION)).as("one metastore per region").isInstanceOf(ResourceAlreadyExists.class);
  }

  @Test
  void unityCatalog_workspaceWithoutMetastore_answersNotFound() {
    assertThatThrownBy(() -> credential("early")).isInstanceOf(NotFound.class).hasMessageContaining("No metastore assigned");
  }

  @Test
  void storageCredentials_createGetListUpdateDelete_roundTrip() {
    assign(metastore(Fixtures.REGION));
    StorageCredentialInfo c = credential("lake");

    assertThat(c.getAwsIamRole().getExternalId()).isNotBlank();
    assertThat(c.getAwsIamRole().getUnityCatalogIamArn()).startsWith("arn:aws:iam::");
    assertThat(ws.storageCredentials().get("LAKE").getName()).as("names are case-insensitive").isEqualTo("lake");
    assertThat(ws.storageCredentials().list(new ListStorageCredentialsRequest())).hasSize(1);
    StorageCredentialInfo updated = ws.storageCredentials().update(new UpdateStorageCredential().setName("lake").setComment("raw zone").setReadOnly(true));
    assertThat(updated.getComment()).isEqualTo("raw zone");
    ws.storageCredentials().delete("lake");
    assertThatThrownBy(() -> ws.storageCredentials().get("lake")).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void storageCredentials_nameTaken_isRefusedWithResourceAlreadyExists() {
    assign(metastore(Fixtures.REGION));
    credential("lake");

    assertThatThrownBy(() -> credential("Lake")).isInstanceOf(ResourceAlreadyExists.class);
  }

  @Test
  void externalLocations_createGetListUpdateDelete_roundTrip() {
    assign(metastore(Fixtures.REGION));
    credential("lake");
    credential("other");

    ExternalLocationInfo l = location("raw", "s3://acme-raw/data", "lake");

    assertThat(l.getCredentialName()).isEqualTo("lake");
    assertThat(ws.externalLocations().get("raw").getUrl()).isEqualTo("s3://acme-raw/data");
    assertThat(ws.externalLocations().list(new ListExternalLocationsRequest())).hasSize(1);
    assertThat(ws.externalLocations().update(new UpdateExternalLocation().setName("raw").setCredentialName("other")).getCredentialName())
        .isEqualTo("other");
    ws.externalLocations().delete("raw");
    assertThat(ws.externalLocations().list(new ListExternalLocationsRequest())).isEmpty();
  }

  @Test
  void externalLocations_credentialThatDoesNotExist_isRefusedWithResourceDoesNotExist() {
    assign(metastore(Fixtures.REGION));

    assertThatThrownBy(() -> location("raw", "s3://acme-raw/", "missing"))
        .isInstanceOf(ResourceDoesNotExist.class)
        .hasMessageContaining("Storage Credential 'missing' does not exist");
  }

  @Test
  void externalLocations_overlappingUrlOrTakenName_isRefused() {
    assign(metastore(Fixtures.REGION));
    credential("lake");
    location("raw", "s3://acme-raw/data", "lake");

    assertThatThrownBy(() -> location("raw-sub", "s3://acme-raw/data/2024", "lake")).isInstanceOf(InvalidParameterValue.class).hasMessageContaining("overlaps");
    assertThatThrownBy(() -> location("raw", "s3://acme-other/", "lake")).isInstanceOf(ResourceAlreadyExists.class);
    assertThat(location("raw-2", "s3://acme-raw/data-2", "lake").getName()).isEqualTo("raw-2");
  }

  @Test
  void storageCredentials_usedByAnExternalLocation_cannotBeDeletedWithoutForce() {
    assign(metastore(Fixtures.REGION));
    credential("lake");
    location("raw", "s3://acme-raw/", "lake");

    assertThatThrownBy(() -> ws.storageCredentials().delete("lake")).isInstanceOf(InvalidState.class);
    ws.storageCredentials().delete(new DeleteStorageCredentialRequest().setName("lake").setForce(true));
    assertThatThrownBy(() -> ws.storageCredentials().get("lake")).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void unityCatalog_objectsOfAMetastore_areSeenFromEveryWorkspaceAssignedToIt() {
    MetastoreInfo m = metastore(Fixtures.REGION);
    assign(m);
    credential("shared");
    Workspace second = f.runningWorkspace();
    f.a.metastoreAssignments()
        .create(
            new AccountsCreateMetastoreAssignment()
                .setWorkspaceId(second.getWorkspaceId())
                .setMetastoreId(m.getMetastoreId())
                .setMetastoreAssignment(new CreateMetastoreAssignment().setMetastoreId(m.getMetastoreId())));

    assertThat(f.workspaceClient(second).storageCredentials().get("shared").getMetastoreId()).isEqualTo(m.getMetastoreId());
  }
}
