package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.AddInstanceProfile;
import com.databricks.sdk.service.compute.AwsAttributes;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.CreateInstancePool;
import com.databricks.sdk.service.compute.CreatePolicy;
import com.databricks.sdk.service.compute.EditPolicy;
import com.databricks.sdk.service.compute.GlobalInitScriptCreateRequest;
import com.databricks.sdk.service.compute.GlobalInitScriptDetails;
import com.databricks.sdk.service.compute.GlobalInitScriptUpdateRequest;
import com.databricks.sdk.service.compute.InstanceProfile;
import com.databricks.sdk.service.compute.ListClusterPoliciesRequest;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.iam.ListServicePrincipalsRequest;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.settings.CreateOboTokenResponse;
import com.databricks.sdk.service.settings.CreateTokenRequest;
import com.databricks.sdk.service.settings.CreateTokenResponse;
import com.databricks.sdk.service.settings.ListTokenManagementRequest;
import com.databricks.sdk.service.settings.PublicTokenInfo;
import com.databricks.sdk.service.settings.TokenInfo;
import com.databricks.sdk.service.sql.CreateWarehouseRequest;
import com.databricks.sdk.service.sql.GetWarehouseResponse;
import com.databricks.sdk.service.sql.ListWarehousesRequest;
import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.DeleteSecret;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ObjectType;
import com.databricks.sdk.service.workspace.PutAcl;
import com.databricks.sdk.service.workspace.PutSecret;
import com.databricks.sdk.service.workspace.SecretMetadata;
import com.databricks.sdk.service.workspace.SecretScope;
import com.databricks.sdk.service.iam.MeRequest;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workspace APIs through {@code AccountClient.getWorkspaceClient}, routed by X-Databricks-Workspace-Id. */
class WorkspaceApisContractTest {
  static final String PROFILE = "arn:aws:iam::123456789012:instance-profile/data-reader";

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

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A service principal of the account, added to the workspace through workspace SCIM. */
  private ServicePrincipal automation() {
    String appId = f.a.servicePrincipals().create(new ServicePrincipal().setDisplayName("automation")).getApplicationId();
    return ws.servicePrincipals().create(new ServicePrincipal().setApplicationId(appId).setDisplayName("automation"));
  }

  @Test
  void secrets_scopePutListAclsDelete_roundTripWithoutEverListingAValue() {
    ws.secrets().createScope(new CreateScope().setScope("lake"));
    ws.secrets().putSecret(new PutSecret().setScope("lake").setKey("db-password").setStringValue("s3cr3t-value"));
    ws.secrets().putAcl(new PutAcl().setScope("lake").setPrincipal("data-engineers").setPermission(AclPermission.READ));

    assertThat(ws.secrets().listScopes()).extracting(SecretScope::getName).containsExactly("lake");
    assertThat(ws.secrets().listSecrets("lake")).extracting(SecretMetadata::getKey).containsExactly("db-password");
    assertThat(ws.secrets().listAcls("lake"))
        .extracting(AclItem::getPrincipal, AclItem::getPermission)
        .contains(org.assertj.core.groups.Tuple.tuple("data-engineers", AclPermission.READ));
    assertThat(new String(Base64.getDecoder().decode(ws.secrets().getSecret("lake", "db-password").getValue()), StandardCharsets.UTF_8))
        .isEqualTo("s3cr3t-value");
    assertThat(emu.state().toString()).doesNotContain("s3cr3t-value").doesNotContain(b64("s3cr3t-value"));

    ws.secrets().deleteSecret(new DeleteSecret().setScope("lake").setKey("db-password"));
    assertThat(ws.secrets().listSecrets("lake")).isEmpty();
    ws.secrets().deleteScope("lake");
    assertThat(ws.secrets().listScopes()).isEmpty();
  }

  @Test
  void secrets_scopeNameTaken_isRefusedWithResourceAlreadyExists() {
    ws.secrets().createScope(new CreateScope().setScope("lake"));

    assertThatThrownBy(() -> ws.secrets().createScope(new CreateScope().setScope("lake"))).isInstanceOf(ResourceAlreadyExists.class);
  }

  @Test
  void secrets_putIntoAMissingScope_isResourceDoesNotExist() {
    assertThatThrownBy(() -> ws.secrets().putSecret(new PutSecret().setScope("nope").setKey("k").setStringValue("v")))
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void secrets_principalWithoutAcl_cannotReadAScope() {
    ws.secrets().createScope(new CreateScope().setScope("lake"));
    ServicePrincipal sp = automation();
    CreateOboTokenResponse obo = ws.tokenManagement().createOboToken(new CreateOboTokenRequest().setApplicationId(sp.getApplicationId()));
    WorkspaceClient asAutomation = new WorkspaceClient(emu.workspaceConfig(w.getWorkspaceId(), obo.getTokenValue()));

    assertThatThrownBy(() -> asAutomation.secrets().listSecrets("lake")).isInstanceOf(PermissionDenied.class);

    ws.secrets().putAcl(new PutAcl().setScope("lake").setPrincipal(sp.getApplicationId()).setPermission(AclPermission.READ));
    assertThat(asAutomation.secrets().listSecrets("lake")).isEmpty();
  }

  @Test
  void tokens_onBehalfOfAServicePrincipal_authenticateAsItUntilDeleted() {
    ServicePrincipal sp = automation();

    CreateOboTokenResponse obo =
        ws.tokenManagement()
            .createOboToken(new CreateOboTokenRequest().setApplicationId(sp.getApplicationId()).setLifetimeSeconds(3600L).setComment("rotation"));

    assertThat(obo.getTokenValue()).startsWith("dapi");
    WorkspaceClient asAutomation = new WorkspaceClient(emu.workspaceConfig(w.getWorkspaceId(), obo.getTokenValue()));
    assertThat(asAutomation.currentUser().me(new MeRequest()).getUserName()).isEqualTo(sp.getApplicationId());
    assertThat(ws.tokenManagement().get(obo.getTokenInfo().getTokenId()).getTokenInfo().getComment()).isEqualTo("rotation");
    assertThat(ws.tokenManagement().list(new ListTokenManagementRequest())).extracting(TokenInfo::getTokenId).contains(obo.getTokenInfo().getTokenId());

    ws.tokenManagement().delete(obo.getTokenInfo().getTokenId());

    assertThatThrownBy(() -> asAutomation.currentUser().me(new MeRequest())).isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> ws.tokenManagement().get(obo.getTokenInfo().getTokenId())).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void tokens_onBehalfOfAPrincipalNotInTheWorkspace_isRefusedWithInvalidParameterValue() {
    assertThatThrownBy(() -> ws.tokenManagement().createOboToken(new CreateOboTokenRequest().setApplicationId(emu.userClientId())))
        .isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void tokenManagement_calledByANonAdmin_isRefusedWithPermissionDenied() {
    ServicePrincipal sp = automation();
    CreateOboTokenResponse obo = ws.tokenManagement().createOboToken(new CreateOboTokenRequest().setApplicationId(sp.getApplicationId()));
    WorkspaceClient asAutomation = new WorkspaceClient(emu.workspaceConfig(w.getWorkspaceId(), obo.getTokenValue()));

    assertThatThrownBy(() -> asAutomation.tokenManagement().list(new ListTokenManagementRequest())).isInstanceOf(PermissionDenied.class);
  }

  @Test
  void tokens_ownCreateListDelete_roundTrip() {
    CreateTokenResponse created = ws.tokens().create(new CreateTokenRequest().setComment("ci").setLifetimeSeconds(600L));

    assertThat(ws.tokens().list()).extracting(PublicTokenInfo::getTokenId).containsExactly(created.getTokenInfo().getTokenId());
    WorkspaceClient withPat = new WorkspaceClient(emu.workspaceConfig(w.getWorkspaceId(), created.getTokenValue()));
    assertThat(withPat.currentUser().me(new MeRequest()).getUserName()).isEqualTo(emu.adminClientId());
    ws.tokens().delete(created.getTokenInfo().getTokenId());
    assertThat(ws.tokens().list()).isEmpty();
    assertThatThrownBy(() -> withPat.currentUser().me(new MeRequest())).isInstanceOf(PermissionDenied.class);
  }

  @Test
  void tokens_expiredPat_isRefused() {
    CreateTokenResponse created = ws.tokens().create(new CreateTokenRequest().setLifetimeSeconds(60L));
    WorkspaceClient withPat = new WorkspaceClient(emu.workspaceConfig(w.getWorkspaceId(), created.getTokenValue()));

    emu.clock().advance(Duration.ofMinutes(2));

    assertThatThrownBy(() -> withPat.currentUser().me(new MeRequest())).isInstanceOf(PermissionDenied.class);
  }

  @Test
  void workspaceScim_servicePrincipalsAddedListedRemoved_andMeIsTheCaller() {
    ServicePrincipal sp = automation();

    assertThat(ws.servicePrincipals().list(new ListServicePrincipalsRequest().setFilter("displayName eq \"automation\"")))
        .extracting(ServicePrincipal::getApplicationId)
        .containsExactly(sp.getApplicationId());
    assertThat(ws.servicePrincipals().get(sp.getId()).getApplicationId()).isEqualTo(sp.getApplicationId());
    assertThatThrownBy(() -> ws.servicePrincipals().create(new ServicePrincipal().setApplicationId(sp.getApplicationId())))
        .isInstanceOf(ResourceConflict.class);
    ws.servicePrincipals().delete(sp.getId());
    assertThatThrownBy(() -> ws.servicePrincipals().get(sp.getId())).isInstanceOf(NotFound.class);
    assertThat(ws.currentUser().me(new MeRequest()).getGroups()).extracting(g -> g.getDisplay()).contains("admins");
  }

  @Test
  void instanceProfiles_addListRemove_andADuplicateIsRefused() {
    ws.instanceProfiles().add(new AddInstanceProfile().setInstanceProfileArn(PROFILE).setIsMetaInstanceProfile(true));

    assertThat(ws.instanceProfiles().list()).extracting(InstanceProfile::getInstanceProfileArn).containsExactly(PROFILE);
    assertThatThrownBy(() -> ws.instanceProfiles().add(new AddInstanceProfile().setInstanceProfileArn(PROFILE)))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> ws.instanceProfiles().add(new AddInstanceProfile().setInstanceProfileArn("arn:aws:iam::1:role/x")))
        .isInstanceOf(InvalidParameterValue.class);
    ws.instanceProfiles().remove(PROFILE);
    assertThat(ws.instanceProfiles().list()).isEmpty();
  }

  @Test
  void clusterPolicies_createListGetEditDelete_roundTripWithUniqueNames() {
    String definition = "{\"spark_conf.spark.hadoop.fs.s3a.server-side-encryption-algorithm\":{\"type\":\"fixed\",\"value\":\"SSE-KMS\"}}";
    String id = ws.clusterPolicies().create(new CreatePolicy().setName("sse-kms").setDefinition(definition)).getPolicyId();

    assertThat(ws.clusterPolicies().get(id).getDefinition()).isEqualTo(definition);
    assertThat(ws.clusterPolicies().list(new ListClusterPoliciesRequest())).hasSize(1);
    assertThatThrownBy(() -> ws.clusterPolicies().create(new CreatePolicy().setName("SSE-KMS").setDefinition("{}")))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> ws.clusterPolicies().create(new CreatePolicy().setName("bad").setDefinition("not json")))
        .isInstanceOf(InvalidParameterValue.class);
    ws.clusterPolicies().edit(new EditPolicy().setPolicyId(id).setName("sse-kms-v2").setDefinition("{}"));
    assertThat(ws.clusterPolicies().get(id).getName()).isEqualTo("sse-kms-v2");
    ws.clusterPolicies().delete(id);
    assertThatThrownBy(() -> ws.clusterPolicies().get(id)).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void globalInitScripts_createListGetUpdateDelete_keepContentOutOfTheList() {
    String script = b64("#!/bin/bash\ncat > /databricks/driver/conf/core-site.xml <<EOF\nEOF\n");
    String id = ws.globalInitScripts().create(new GlobalInitScriptCreateRequest().setName("core-site").setScript(script).setEnabled(true)).getScriptId();
    String second = ws.globalInitScripts().create(new GlobalInitScriptCreateRequest().setName("first").setScript(b64("echo")).setPosition(0L)).getScriptId();

    assertThat(ws.globalInitScripts().get(id).getScript()).isEqualTo(script);
    assertThat(ws.globalInitScripts().list()).extracting(GlobalInitScriptDetails::getScriptId).containsExactly(second, id);
    ws.globalInitScripts().update(new GlobalInitScriptUpdateRequest().setScriptId(id).setName("core-site").setScript(b64("echo 2")).setEnabled(false));
    assertThat(ws.globalInitScripts().get(id).getEnabled()).isFalse();
    assertThatThrownBy(() -> ws.globalInitScripts().create(new GlobalInitScriptCreateRequest().setName("bad").setScript("%%%")))
        .isInstanceOf(InvalidParameterValue.class);
    ws.globalInitScripts().delete(id);
    assertThat(ws.globalInitScripts().list()).extracting(GlobalInitScriptDetails::getScriptId).containsExactly(second);
  }

  @Test
  void clusters_createWaitsRunningThenDeleteTerminates_andTheyCountAsRunningCompute() throws Exception {
    ws.instanceProfiles().add(new AddInstanceProfile().setInstanceProfileArn(PROFILE));

    ClusterDetails running =
        ws.clusters()
            .create(
                new CreateCluster()
                    .setClusterName("etl")
                    .setSparkVersion("15.4.x-scala2.12")
                    .setNodeTypeId("i3.xlarge")
                    .setNumWorkers(2L)
                    .setAwsAttributes(new AwsAttributes().setInstanceProfileArn(PROFILE)))
            .get(Duration.ofSeconds(30));

    assertThat(running.getState()).isEqualTo(State.RUNNING);
    assertThat(ws.clusters().list(new ListClustersRequest())).extracting(ClusterDetails::getClusterId).containsExactly(running.getClusterId());
    assertThat(emu.state().at("/workspaces/0/emulator/running_compute")).hasSize(1);
    ClusterDetails terminated = ws.clusters().delete(running.getClusterId()).get(Duration.ofSeconds(30));
    assertThat(terminated.getState()).isEqualTo(State.TERMINATED);
    assertThat(emu.state().at("/workspaces/0/emulator/running_compute")).isEmpty();
  }

  @Test
  void clusters_unregisteredInstanceProfileOrUnknownId_isRefused() {
    CreateCluster spec =
        new CreateCluster()
            .setClusterName("etl")
            .setSparkVersion("15.4.x-scala2.12")
            .setNodeTypeId("i3.xlarge")
            .setAwsAttributes(new AwsAttributes().setInstanceProfileArn(PROFILE));

    assertThatThrownBy(() -> ws.clusters().create(spec)).isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> ws.clusters().get("0101-000000-nope")).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void instancePoolsAndWarehouses_createdThroughTheApi_areListedAndCountAsRunningCompute() throws Exception {
    String pool = ws.instancePools().create(new CreateInstancePool().setInstancePoolName("warm").setNodeTypeId("i3.xlarge").setMinIdleInstances(1L)).getInstancePoolId();
    GetWarehouseResponse wh =
        ws.warehouses().create(new CreateWarehouseRequest().setName("bi").setClusterSize("2X-Small").setEnableServerlessCompute(false)).get(Duration.ofSeconds(30));

    assertThat(ws.instancePools().list()).extracting(p -> p.getInstancePoolId()).containsExactly(pool);
    assertThat(ws.warehouses().list(new ListWarehousesRequest())).extracting(e -> e.getId()).containsExactly(wh.getId());
    assertThat(wh.getState()).isEqualTo(com.databricks.sdk.service.sql.State.RUNNING);
    assertThat(emu.state().at("/workspaces/0/emulator/running_compute")).hasSize(2);
    ws.instancePools().delete(pool);
    ws.warehouses().delete(wh.getId());
    assertThat(ws.instancePools().list()).isEmpty();
    assertThat(emu.state().at("/workspaces/0/emulator/running_compute")).isEmpty();
  }

  @Test
  void workspaceFiles_importNeedsAnExistingFolder_andGetStatusSeesTheNotebook() {
    Import notebook =
        new Import()
            .setPath("/Shared/dbxcp/mount_buckets")
            .setFormat(ImportFormat.SOURCE)
            .setLanguage(Language.PYTHON)
            .setContent(b64("print('hi')"))
            .setOverwrite(true);

    assertThatThrownBy(() -> ws.workspace().importContent(notebook)).isInstanceOf(ResourceDoesNotExist.class).hasMessageContaining("parent folder");

    ws.workspace().mkdirs("/Shared/dbxcp");
    ws.workspace().importContent(notebook);
    ws.workspace().importContent(notebook);

    assertThat(ws.workspace().getStatus("/Shared/dbxcp/mount_buckets").getObjectType()).isEqualTo(ObjectType.NOTEBOOK);
    assertThat(ws.workspace().getStatus("/Shared/dbxcp").getObjectType()).isEqualTo(ObjectType.DIRECTORY);
    assertThat(ws.workspace().list("/Shared/dbxcp")).hasSize(1);
    assertThatThrownBy(() -> ws.workspace().importContent(notebook.setOverwrite(false))).isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> ws.workspace().getStatus("/Shared/none")).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void workspaceApis_sameHostTwoWorkspaces_areRoutedByTheWorkspaceIdHeader() {
    Workspace other = f.runningWorkspace();
    WorkspaceClient otherWs = f.workspaceClient(other);

    ws.secrets().createScope(new CreateScope().setScope("only-in-first"));

    assertThat(otherWs.secrets().listScopes()).isEmpty();
    assertThat(ws.secrets().listScopes()).hasSize(1);
  }
}
