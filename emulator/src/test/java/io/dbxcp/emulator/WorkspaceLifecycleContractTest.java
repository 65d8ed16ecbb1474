package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.UpdateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.provisioning.WorkspaceStatus;
import io.dbxcp.emulator.account.WorkspaceService;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workspaces: PROVISIONING then RUNNING or FAILED, and the PATCH rules. */
class WorkspaceLifecycleContractTest {
  static final String TERMINATE_COMPUTE =
      "Please terminate all pool & cluster EC2 instances in your workspace subnets before attempting to update the workspace.";

  @RegisterExtension static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

  Fixtures f;

  @BeforeEach
  void client() {
    f = new Fixtures(emu);
  }

  private Workspace patch(Workspace w, String mask, Workspace fields) {
    return f.a.workspaces()
        .update(new UpdateWorkspaceRequest().setWorkspaceId(w.getWorkspaceId()).setUpdateMask(mask).setCustomerFacingWorkspace(fields))
        .getResponse();
  }

  private Workspace patchAndWait(Workspace w, String mask, Workspace fields) throws TimeoutException {
    return f.a.workspaces()
        .update(new UpdateWorkspaceRequest().setWorkspaceId(w.getWorkspaceId()).setUpdateMask(mask).setCustomerFacingWorkspace(fields))
        .get(Duration.ofSeconds(30));
  }

  @Test
  void create_provisioningTakes200ms_answersProvisioningThenTheSdkWaiterSeesRunning() throws Exception {
    emu.scenario().provisioningTime(Duration.ofMillis(200));

    var wait = f.a.workspaces().create(f.workspaceRequest());

    assertThat(wait.getResponse().getWorkspaceStatus()).isEqualTo(WorkspaceStatus.PROVISIONING);
    Workspace running = wait.get(Duration.ofSeconds(30));
    assertThat(running.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
    assertThat(running.getWorkspaceId()).isGreaterThan(1_000_000_000_000_000L);
    assertThat(running.getDeploymentName()).startsWith("dbc-");
  }

  @Test
  void create_workspaceNamedToFail_endsFailedWithTheMessageAndTheWaiterSaysSo() {
    CreateWorkspaceRequest request = f.workspaceRequest();
    emu.scenario().failWorkspace(request.getWorkspaceName(), "Cross-account role cannot launch instances in subnet-aaaa1111");

    var wait = f.a.workspaces().create(request);

    assertThatThrownBy(() -> wait.get(Duration.ofSeconds(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FAILED")
        .hasMessageContaining("cannot launch instances");
    assertThat(f.a.workspaces().get(wait.getResponse().getWorkspaceId()).getWorkspaceStatusMessage())
        .isEqualTo("Cross-account role cannot launch instances in subnet-aaaa1111");
  }

  @Test
  void create_nameOrDeploymentNameTaken_isRefusedWithResourceAlreadyExists() {
    Workspace w = f.runningWorkspace(f.workspaceRequest().setDeploymentName("acme-prod"));

    assertThatThrownBy(() -> f.a.workspaces().create(f.workspaceRequest().setWorkspaceName(w.getWorkspaceName())))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> f.a.workspaces().create(f.workspaceRequest().setDeploymentName("acme-prod")))
        .isInstanceOf(ResourceAlreadyExists.class);
  }

  @Test
  void create_unknownCredentials_isRefusedWithInvalidParameterValue() {
    assertThatThrownBy(() -> f.a.workspaces().create(f.workspaceRequest().setCredentialsId("no-such-credentials")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("credentials_id");
  }

  @Test
  void create_keyWhoseUseCaseDoesNotMatchTheField_isRefusedWithInvalidParameterValue() {
    CustomerManagedKey storageOnly = f.key(KeyUseCase.STORAGE);

    assertThatThrownBy(
            () -> f.a.workspaces().create(f.workspaceRequest().setManagedServicesCustomerManagedKeyId(storageOnly.getCustomerManagedKeyId())))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("MANAGED_SERVICES");
  }

  @Test
  void create_privateAccessSettingsWithoutNetwork_isRefusedWithInvalidParameterValue() {
    String pas = f.privateAccess().getPrivateAccessSettingsId();

    assertThatThrownBy(() -> f.a.workspaces().create(f.workspaceRequest().setPrivateAccessSettingsId(pas)))
        .isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void workspaces_getListDelete_roundTrip() {
    Workspace w = f.runningWorkspace();

    assertThat(f.a.workspaces().get(w.getWorkspaceId()).getWorkspaceName()).isEqualTo(w.getWorkspaceName());
    assertThat(f.a.workspaces().list()).extracting(Workspace::getWorkspaceId).containsExactly(w.getWorkspaceId());
    f.a.workspaces().delete(w.getWorkspaceId());
    assertThatThrownBy(() -> f.a.workspaces().get(w.getWorkspaceId())).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void patch_keysOnARunningWorkspaceWithACustomerManagedVpc_isAppliedAndItStaysRunning() throws Exception {
    Network n = f.network();
    Workspace w = f.runningWorkspace(f.workspaceRequest().setNetworkId(n.getNetworkId()));
    CustomerManagedKey ms = f.key(KeyUseCase.MANAGED_SERVICES);
    CustomerManagedKey storage = f.key(KeyUseCase.STORAGE);

    Workspace answered =
        patch(
            w,
            "managed_services_customer_managed_key_id,storage_customer_managed_key_id",
            new Workspace()
                .setManagedServicesCustomerManagedKeyId(ms.getCustomerManagedKeyId())
                .setStorageCustomerManagedKeyId(storage.getCustomerManagedKeyId()));

    assertThat(answered.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
    Workspace after = f.a.workspaces().waitGetWorkspaceRunning(w.getWorkspaceId(), Duration.ofSeconds(30), null);
    assertThat(after.getManagedServicesCustomerManagedKeyId()).isEqualTo(ms.getCustomerManagedKeyId());
    assertThat(after.getStorageCustomerManagedKeyId()).isEqualTo(storage.getCustomerManagedKeyId());
  }

  @Test
  void patch_keyOnADatabricksManagedVpc_goesThroughProvisioningAndTheSdkWaiterSeesRunning() throws Exception {
    Workspace w = f.runningWorkspace();
    emu.scenario().patchProvisioningTime(Duration.ofMillis(200));
    CustomerManagedKey ms = f.key(KeyUseCase.MANAGED_SERVICES);

    var wait =
        f.a.workspaces()
            .update(
                new UpdateWorkspaceRequest()
                    .setWorkspaceId(w.getWorkspaceId())
                    .setUpdateMask("managed_services_customer_managed_key_id")
                    .setCustomerFacingWorkspace(new Workspace().setManagedServicesCustomerManagedKeyId(ms.getCustomerManagedKeyId())));

    assertThat(wait.getResponse().getWorkspaceStatus()).isEqualTo(WorkspaceStatus.PROVISIONING);
    Workspace after = wait.get(Duration.ofSeconds(30));
    assertThat(after.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
    assertThat(after.getManagedServicesCustomerManagedKeyId()).isEqualTo(ms.getCustomerManagedKeyId());
  }

  @Test
  void patchWorkspace_storageKeyAlreadySet_isRefusedWithInvalidState() {
    CustomerManagedKey first = f.key(KeyUseCase.STORAGE);
    CustomerManagedKey second = f.key(KeyUseCase.STORAGE);
    Workspace w = f.runningWorkspace(f.workspaceRequest().setStorageCustomerManagedKeyId(first.getCustomerManagedKeyId()));

    assertThatThrownBy(
            () ->
                patch(w, "storage_customer_managed_key_id", new Workspace().setStorageCustomerManagedKeyId(second.getCustomerManagedKeyId())))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining("never replaced");
  }

  @Test
  void patchWorkspace_managedServicesKeyRotatedToAnotherKey_isAccepted() throws Exception {
    CustomerManagedKey first = f.key(KeyUseCase.MANAGED_SERVICES);
    CustomerManagedKey second = f.key(KeyUseCase.MANAGED_SERVICES);
    Workspace w = f.runningWorkspace(f.workspaceRequest().setManagedServicesCustomerManagedKeyId(first.getCustomerManagedKeyId()));

    Workspace after =
        patchAndWait(
            w, "managed_services_customer_managed_key_id", new Workspace().setManagedServicesCustomerManagedKeyId(second.getCustomerManagedKeyId()));

    assertThat(after.getManagedServicesCustomerManagedKeyId()).isEqualTo(second.getCustomerManagedKeyId());
  }

  @Test
  void patchWorkspace_withoutUpdateMask_isRefusedWithUpdateMaskMustBeSpecified() {
    Workspace w = f.runningWorkspace();
    CustomerManagedKey ms = f.key(KeyUseCase.MANAGED_SERVICES);

    assertThatThrownBy(
            () ->
                f.a.workspaces()
                    .update(
                        new UpdateWorkspaceRequest()
                            .setWorkspaceId(w.getWorkspaceId())
                            .setCustomerFacingWorkspace(new Workspace().setManagedServicesCustomerManagedKeyId(ms.getCustomerManagedKeyId()))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessage("Update mask must be specified");
  }

  @Test
  void patchWorkspace_keyOfTheWrongUseCase_isRefusedWithInvalidParameterValue() {
    Workspace w = f.runningWorkspace();
    CustomerManagedKey storageOnly = f.key(KeyUseCase.STORAGE);

    assertThatThrownBy(
            () ->
                patch(
                    w,
                    "managed_services_customer_managed_key_id",
                    new Workspace().setManagedServicesCustomerManagedKeyId(storageOnly.getCustomerManagedKeyId())))
        .isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void patchWorkspace_removingPrivateAccessSettings_isRefusedWithInvalidState() {
    Network n = f.network();
    String pas = f.privateAccess().getPrivateAccessSettingsId();
    Workspace w = f.runningWorkspace(f.workspaceRequest().setNetworkId(n.getNetworkId()).setPrivateAccessSettingsId(pas));

    assertThatThrownBy(() -> patch(w, "private_access_settings_id", new Workspace())).isInstanceOf(InvalidState.class);
  }

  @Test
  void patchWorkspace_privateAccessSettingsAddedToACustomerManagedVpc_isAccepted() throws Exception {
    Network n = f.network();
    Workspace w = f.runningWorkspace(f.workspaceRequest().setNetworkId(n.getNetworkId()));
    String pas = f.privateAccess().getPrivateAccessSettingsId();

    assertThat(patchAndWait(w, "private_access_settings_id", new Workspace().setPrivateAccessSettingsId(pas)).getPrivateAccessSettingsId())
        .isEqualTo(pas);
  }

  @Test
  void patchWorkspace_networkOfARunningWorkspaceWithADatabricksManagedVpc_isRefusedWithInvalidState() {
    Workspace w = f.runningWorkspace();
    Network n = f.network();

    assertThatThrownBy(() -> patch(w, "network_id", new Workspace().setNetworkId(n.getNetworkId())))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining("Databricks-managed VPC");
  }

  @Test
  void patchWorkspace_networkOfARunningWorkspaceWithACustomerManagedVpc_isAccepted() throws Exception {
    Workspace w = f.runningWorkspace(f.workspaceRequest().setNetworkId(f.network().getNetworkId()));
    Network other = f.network();

    assertThat(patchAndWait(w, "network_id", new Workspace().setNetworkId(other.getNetworkId())).getNetworkId()).isEqualTo(other.getNetworkId());
  }

  @Test
  void patchWorkspace_runningClusterInTheWorkspace_isRefusedWithTheTerminateMessage() {
    Workspace w = f.runningWorkspace();
    WorkspaceClient ws = f.workspaceClient(w);
    ws.clusters().create(new CreateCluster().setClusterName("etl").setSparkVersion("15.4.x-scala2.12").setNodeTypeId("i3.xlarge").setNumWorkers(1L));
    CustomerManagedKey ms = f.key(KeyUseCase.MANAGED_SERVICES);

    assertThatThrownBy(
            () -> patch(w, "managed_services_customer_managed_key_id", new Workspace().setManagedServicesCustomerManagedKeyId(ms.getCustomerManagedKeyId())))
        .isInstanceOf(InvalidState.class)
        .hasMessage(TERMINATE_COMPUTE);
    assertThat(WorkspaceService.RUNNING_COMPUTE).isEqualTo(TERMINATE_COMPUTE);
  }

  @Test
  void patchWorkspace_poolOrClassicWarehouseStartedByTheScenario_isRefusedUntilStopped() throws Exception {
    Workspace w = f.runningWorkspace();
    CustomerManagedKey ms = f.key(KeyUseCase.MANAGED_SERVICES);
    Workspace fields = new Workspace().setManagedServicesCustomerManagedKeyId(ms.getCustomerManagedKeyId());
    emu.scenario().startCompute(w.getWorkspaceId(), "pool");
    emu.scenario().startCompute(w.getWorkspaceId(), "warehouse");

    assertThatThrownBy(() -> patch(w, "managed_services_customer_managed_key_id", fields)).isInstanceOf(InvalidState.class);

    emu.scenario().stopAllCompute(w.getWorkspaceId());
    assertThat(patchAndWait(w, "managed_services_customer_managed_key_id", fields).getManagedServicesCustomerManagedKeyId())
        .isEqualTo(ms.getCustomerManagedKeyId());
  }

  @Test
  void patchWorkspace_storageConfigurationOfARunningWorkspace_isRefusedWithInvalidState() {
    Workspace w = f.runningWorkspace();
    String other = f.storage().getStorageConfigurationId();

    assertThatThrownBy(() -> patch(w, "storage_configuration_id", new Workspace().setStorageConfigurationId(other)))
        .isInstanceOf(InvalidState.class);
  }

  @Test
  void patchWorkspace_failedWorkspace_mayChangeStorageAndMoveToACustomerManagedVpcAndThenRuns() throws Exception {
    CreateWorkspaceRequest request = f.workspaceRequest();
    emu.scenario().failWorkspace(request.getWorkspaceName(), "bucket policy denies Databricks");
    Workspace failed = f.a.workspaces().create(request).getResponse();
    assertThat(f.a.workspaces().get(failed.getWorkspaceId()).getWorkspaceStatus()).isEqualTo(WorkspaceStatus.FAILED);
    String storage = f.storage().getStorageConfigurationId();
    String network = f.network().getNetworkId();
    String storageKey = f.key(KeyUseCase.STORAGE).getCustomerManagedKeyId();

    Workspace after =
        patchAndWait(
            failed,
            "network_id,storage_configuration_id,storage_customer_managed_key_id",
            new Workspace().setStorageConfigurationId(storage).setNetworkId(network).setStorageCustomerManagedKeyId(storageKey));

    assertThat(after.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
    assertThat(after.getStorageConfigurationId()).isEqualTo(storage);
    assertThat(after.getNetworkId()).isEqualTo(network);
    assertThat(after.getStorageCustomerManagedKeyId()).isEqualTo(storageKey);
  }

  @Test
  void patchWorkspace_failedWorkspaceThatWasRunning_mayNotGetAStorageKey() {
    Workspace w = f.runningWorkspace();
    emu.scenario().failWorkspace(w.getWorkspaceName(), "update failed");
    String ms = f.key(KeyUseCase.MANAGED_SERVICES).getCustomerManagedKeyId();
    patch(w, "managed_services_customer_managed_key_id", new Workspace().setManagedServicesCustomerManagedKeyId(ms));
    assertThat(f.a.workspaces().get(w.getWorkspaceId()).getWorkspaceStatus()).isEqualTo(WorkspaceStatus.FAILED);
    String storageKey = f.key(KeyUseCase.STORAGE).getCustomerManagedKeyId();

    assertThatThrownBy(() -> patch(w, "storage_customer_managed_key_id", new Workspace().setStorageCustomerManagedKeyId(storageKey)))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining("has been RUNNING");
  }

  @Test
  void patchWorkspace_whileProvisioning_isRefusedWithInvalidState() {
    emu.scenario().provisioningTime(Duration.ofMinutes(5));
    Workspace w = f.a.workspaces().create(f.workspaceRequest()).getResponse();
    String ms = f.key(KeyUseCase.MANAGED_SERVICES).getCustomerManagedKeyId();

    assertThatThrownBy(() -> patch(w, "managed_services_customer_managed_key_id", new Workspace().setManagedServicesCustomerManagedKeyId(ms)))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining("PROVISIONING");
  }

  @Test
  void patchWorkspace_scenarioRevertsTheNextPatch_answers200ThenTheOldFieldsComeBack() throws Exception {
    Workspace w = f.runningWorkspace(f.workspaceRequest().setNetworkId(f.network().getNetworkId()));
    String ms = f.key(KeyUseCase.MANAGED_SERVICES).getCustomerManagedKeyId();
    emu.scenario().revertNextPatch(w.getWorkspaceId());

    Workspace answered = patch(w, "managed_services_customer_managed_key_id", new Workspace().setManagedServicesCustomerManagedKeyId(ms));

    assertThat(answered.getManagedServicesCustomerManagedKeyId()).isEqualTo(ms);
    Workspace reread = f.a.workspaces().waitGetWorkspaceRunning(w.getWorkspaceId(), Duration.ofSeconds(30), null);
    assertThat(reread.getManagedServicesCustomerManagedKeyId()).isNull();
    assertThat(patchAndWait(w, "managed_services_customer_managed_key_id", new Workspace().setManagedServicesCustomerManagedKeyId(ms))
            .getManagedServicesCustomerManagedKeyId())
        .as("only the next PATCH reverts")
        .isEqualTo(ms);
  }

  @Test
  void patchWorkspace_fieldThatCannotChange_isRefusedWithInvalidParameterValue() {
    Workspace w = f.runningWorkspace();

    assertThatThrownBy(() -> patch(w, "aws_region", new Workspace().setAwsRegion("eu-west-1"))).isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void patchWorkspace_customTagsAndCredentials_areReplaced() throws Exception {
    Workspace w = f.runningWorkspace(f.workspaceRequest().setNetworkId(f.network().getNetworkId()));
    String cred = f.credential().getCredentialsId();

    Workspace after =
        patchAndWait(w, "credentials_id,custom_tags", new Workspace().setCredentialsId(cred).setCustomTags(java.util.Map.of("team", "data")));

    assertThat(after.getCredentialsId()).isEqualTo(cred);
    assertThat(after.getCustomTags()).containsEntry("team", "data");
  }
}
