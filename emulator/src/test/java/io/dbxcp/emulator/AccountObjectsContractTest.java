package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.provisioning.CreateAwsKeyInfo;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCustomerManagedKeyRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateNetworkRequest;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateVpcEndpointRequest;
import com.databricks.sdk.service.provisioning.Credential;
import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.EndpointUseCase;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.NetworkVpcEndpoints;
import com.databricks.sdk.service.provisioning.PrivateAccessLevel;
import com.databricks.sdk.service.provisioning.PrivateAccessSettings;
import com.databricks.sdk.service.provisioning.ReplacePrivateAccessSettingsRequest;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.StorageConfiguration;
import com.databricks.sdk.service.provisioning.VpcEndpoint;
import com.databricks.sdk.service.provisioning.VpcStatus;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Credentials, storage configurations, networks, private access settings, VPC endpoints, keys. */
class AccountObjectsContractTest {
  @RegisterExtension static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

  Fixtures f;

  @BeforeEach
  void client() {
    f = new Fixtures(emu);
  }

  @Test
  void credentials_createGetListDelete_roundTripsWithTheAccountIdAsExternalId() {
    Credential c = f.credential();

    assertThat(f.a.credentials().get(c.getCredentialsId()).getCredentialsName()).isEqualTo(c.getCredentialsName());
    assertThat(c.getAccountId()).isEqualTo(emu.accountId());
    assertThat(emu.state().at("/credentials/0/aws_credentials/sts_role/external_id").asText()).isEqualTo(emu.accountId());
    assertThat(f.a.credentials().list()).extracting(Credential::getCredentialsId).containsExactly(c.getCredentialsId());
    assertThat(f.a.credentials().delete(c.getCredentialsId()).getCredentialsId()).isEqualTo(c.getCredentialsId());
    assertThat(f.a.credentials().list()).isEmpty();
  }

  @Test
  void credentials_nameTaken_isRefusedWithResourceAlreadyExists() {
    Credential c = f.credential();
    CreateCredentialRequest again =
        new CreateCredentialRequest()
            .setCredentialsName(c.getCredentialsName())
            .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn(Fixtures.roleArn("other"))));

    assertThatThrownBy(() -> f.a.credentials().create(again)).isInstanceOf(ResourceAlreadyExists.class);
  }

  @Test
  void credentials_malformedRoleArn_isRefusedWithInvalidParameterValue() {
    CreateCredentialRequest bad =
        new CreateCredentialRequest()
            .setCredentialsName("bad")
            .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn("not-an-arn")));

    assertThatThrownBy(() -> f.a.credentials().create(bad)).isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void credentials_unknownId_isResourceDoesNotExist() {
    assertThatThrownBy(() -> f.a.credentials().get("00000000-0000-0000-0000-000000000000")).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void credentials_roleArnJustCreated_isRefusedUntilIamHasPropagated() {
    emu.scenario().iamPropagationDelay(Duration.ofMinutes(2));
    CreateCredentialRequest request =
        new CreateCredentialRequest()
            .setCredentialsName("fresh-role")
            .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn(Fixtures.roleArn("fresh"))));

    assertThatThrownBy(() -> f.a.credentials().create(request))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageStartingWith("Failed credentials validation checks:");
    emu.clock().advance(Duration.ofSeconds(119));
    assertThatThrownBy(() -> f.a.credentials().create(request)).isInstanceOf(InvalidParameterValue.class);

    emu.clock().advance(Duration.ofSeconds(2));

    assertThat(f.a.credentials().create(request).getCredentialsId()).isNotBlank();
  }

  @Test
  void credentials_usedByAWorkspace_cannotBeDeleted() {
    Workspace w = f.runningWorkspace();

    assertThatThrownBy(() -> f.a.credentials().delete(w.getCredentialsId()))
        .isInstanceOf(InvalidState.class)
        .hasMessageContaining(String.valueOf(w.getWorkspaceId()));
  }

  @Test
  void storage_createGetListDelete_roundTrips() {
    StorageConfiguration s = f.storage();

    assertThat(f.a.storage().get(s.getStorageConfigurationId()).getRootBucketInfo().getBucketName()).endsWith("-root");
    assertThat(f.a.storage().list()).hasSize(1);
    f.a.storage().delete(s.getStorageConfigurationId());
    assertThat(f.a.storage().list()).isEmpty();
  }

  @Test
  void storage_nameTaken_isRefusedWithResourceAlreadyExists() {
    StorageConfiguration s = f.storage();
    CreateStorageConfigurationRequest again =
        new CreateStorageConfigurationRequest()
            .setStorageConfigurationName(s.getStorageConfigurationName())
            .setRootBucketInfo(new RootBucketInfo().setBucketName("another-bucket"));

    assertThatThrownBy(() -> f.a.storage().create(again)).isInstanceOf(ResourceAlreadyExists.class);
  }

  @Test
  void storage_usedByAWorkspace_cannotBeDeleted() {
    Workspace w = f.runningWorkspace();

    assertThatThrownBy(() -> f.a.storage().delete(w.getStorageConfigurationId())).isInstanceOf(InvalidState.class);
  }

  @Test
  void network_created_isUnattachedUntilAWorkspaceRunsWithIt() {
    Network n = f.network();
    assertThat(n.getVpcStatus()).isEqualTo(VpcStatus.UNATTACHED);

    Workspace w = f.runningWorkspace(f.workspaceRequest().setNetworkId(n.getNetworkId()));

    Network attached = f.a.networks().get(n.getNetworkId());
    assertThat(attached.getVpcStatus()).isEqualTo(VpcStatus.VALID);
    assertThat(attached.getWorkspaceId()).isEqualTo(w.getWorkspaceId());
    assertThat(f.a.networks().list()).hasSize(1);
  }

  @Test
  void network_nameTakenOrTooFewSubnets_isRefused() {
    Network n = f.network();
    CreateNetworkRequest sameName =
        new CreateNetworkRequest()
            .setNetworkName(n.getNetworkName())
            .setVpcId("vpc-1")
            .setSubnetIds(List.of("subnet-1", "subnet-2"))
            .setSecurityGroupIds(List.of("sg-1"));
    CreateNetworkRequest oneSubnet =
        new CreateNetworkRequest().setNetworkName("one").setVpcId("vpc-1").setSubnetIds(List.of("subnet-1")).setSecurityGroupIds(List.of("sg-1"));

    assertThatThrownBy(() -> f.a.networks().create(sameName)).isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> f.a.networks().create(oneSubnet)).isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void network_usedByAWorkspace_cannotBeDeletedButAfterTheWorkspaceIsGoneItCan() {
    Network n = f.network();
    Workspace w = f.runningWorkspace(f.workspaceRequest().setNetworkId(n.getNetworkId()));

    assertThatThrownBy(() -> f.a.networks().delete(n.getNetworkId())).isInstanceOf(InvalidState.class);

    f.a.workspaces().delete(w.getWorkspaceId());
    assertThat(f.a.networks().get(n.getNetworkId()).getVpcStatus()).isEqualTo(VpcStatus.UNATTACHED);
    f.a.networks().delete(n.getNetworkId());
    assertThat(f.a.networks().list()).isEmpty();
  }

  @Test
  void network_brokenByScenario_failsTheWorkspaceThatUsesIt() {
    Network n = f.network();
    emu.scenario().breakNetwork(n.getNetworkId(), "subnet subnet-aaaa1111 has no route to the NAT gateway");

    Workspace w = f.a.workspaces().create(f.workspaceRequest().setNetworkId(n.getNetworkId())).getResponse();

    assertThatThrownBy(() -> f.a.workspaces().waitGetWorkspaceRunning(w.getWorkspaceId(), Duration.ofSeconds(10), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no route to the NAT gateway");
    assertThat(f.a.networks().get(n.getNetworkId()).getVpcStatus()).isEqualTo(VpcStatus.BROKEN);
  }

  @Test
  void vpcEndpoints_registeredByName_getTheUseCaseOfTheirService() {
    VpcEndpoint rest = f.vpcEndpoint("workspace-rest");
    VpcEndpoint relay = f.vpcEndpoint("scc-relay");

    assertThat(rest.getUseCase()).isEqualTo(EndpointUseCase.WORKSPACE_ACCESS);
    assertThat(relay.getUseCase()).isEqualTo(EndpointUseCase.DATAPLANE_RELAY_ACCESS);
    assertThat(f.a.vpcEndpoints().get(rest.getVpcEndpointId()).getState()).isEqualTo("available");
    assertThat(f.a.vpcEndpoints().list()).hasSize(2);
  }

  @Test
  void vpcEndpoints_sameAwsEndpointTwice_isRefusedWithResourceAlreadyExists() {
    VpcEndpoint e = f.vpcEndpoint("rest");
    CreateVpcEndpointRequest again =
        new CreateVpcEndpointRequest().setVpcEndpointName("again").setAwsVpcEndpointId(e.getAwsVpcEndpointId()).setRegion(Fixtures.REGION);

    assertThatThrownBy(() -> f.a.vpcEndpoints().create(again)).isInstanceOf(ResourceAlreadyExists.class);
  }

  @Test
  void network_endpointOfTheWrongUseOrUnknown_isRefusedWithInvalidParameterValue() {
    VpcEndpoint rest = f.vpcEndpoint("rest");
    VpcEndpoint relay = f.vpcEndpoint("relay");
    CreateNetworkRequest swapped =
        new CreateNetworkRequest()
            .setNetworkName("swapped")
            .setVpcId("vpc-1")
            .setSubnetIds(List.of("subnet-1", "subnet-2"))
            .setSecurityGroupIds(List.of("sg-1"))
            .setVpcEndpoints(
                new NetworkVpcEndpoints().setRestApi(List.of(relay.getVpcEndpointId())).setDataplaneRelay(List.of(rest.getVpcEndpointId())));
    CreateNetworkRequest unknown =
        swapped.setNetworkName("unknown").setVpcEndpoints(new NetworkVpcEndpoints().setRestApi(List.of("nope")).setDataplaneRelay(List.of()));

    assertThatThrownBy(() -> f.a.networks().create(swapped)).isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> f.a.networks().create(unknown)).isInstanceOf(InvalidParameterValue.class);
    assertThat(f.privateLinkNetwork(rest, relay).getVpcEndpoints().getRestApi()).containsExactly(rest.getVpcEndpointId());
  }

  @Test
  void vpcEndpoint_usedByTheNetworkOfAWorkspace_cannotBeDeleted() {
    VpcEndpoint rest = f.vpcEndpoint("rest");
    VpcEndpoint relay = f.vpcEndpoint("relay");
    Network n = f.privateLinkNetwork(rest, relay);
    f.runningWorkspace(f.workspaceRequest().setNetworkId(n.getNetworkId()));

    assertThatThrownBy(() -> f.a.vpcEndpoints().delete(relay.getVpcEndpointId())).isInstanceOf(InvalidState.class);
  }

  @Test
  void privateAccess_createReplaceGetDelete_roundTrips() {
    PrivateAccessSettings p = f.privateAccess();

    f.a.privateAccess()
        .replace(
            new ReplacePrivateAccessSettingsRequest()
                .setPrivateAccessSettingsId(p.getPrivateAccessSettingsId())
                .setCustomerFacingPrivateAccessSettings(
                    new PrivateAccessSettings()
                        .setPrivateAccessSettingsName(p.getPrivateAccessSettingsName())
                        .setRegion(Fixtures.REGION)
                        .setPublicAccessEnabled(false)
                        .setPrivateAccessLevel(PrivateAccessLevel.ENDPOINT)));

    PrivateAccessSettings replaced = f.a.privateAccess().get(p.getPrivateAccessSettingsId());
    assertThat(replaced.getPublicAccessEnabled()).isFalse();
    assertThat(replaced.getPrivateAccessLevel()).isEqualTo(PrivateAccessLevel.ENDPOINT);
    assertThat(f.a.privateAccess().list()).hasSize(1);
    f.a.privateAccess().delete(p.getPrivateAccessSettingsId());
    assertThatThrownBy(() -> f.a.privateAccess().get(p.getPrivateAccessSettingsId())).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void keys_createGetListDelete_roundTripsWithTheirUseCases() {
    CustomerManagedKey k = f.key(KeyUseCase.MANAGED_SERVICES, KeyUseCase.STORAGE);

    CustomerManagedKey got = f.a.encryptionKeys().get(k.getCustomerManagedKeyId());
    assertThat(got.getUseCases()).containsExactly(KeyUseCase.MANAGED_SERVICES, KeyUseCase.STORAGE);
    assertThat(got.getAwsKeyInfo().getKeyRegion()).isEqualTo(Fixtures.REGION);
    assertThat(f.a.encryptionKeys().list()).hasSize(1);
    f.a.encryptionKeys().delete(k.getCustomerManagedKeyId());
    assertThat(f.a.encryptionKeys().list()).isEmpty();
  }

  @Test
  void keys_malformedArn_isRefusedWithInvalidParameterValue() {
    CreateCustomerManagedKeyRequest bad =
        new CreateCustomerManagedKeyRequest()
            .setUseCases(List.of(KeyUseCase.STORAGE))
            .setAwsKeyInfo(new CreateAwsKeyInfo().setKeyArn("alias/not-an-arn"));

    assertThatThrownBy(() -> f.a.encryptionKeys().create(bad)).isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void keys_usedByARunningWorkspace_cannotBeDeleted() {
    CustomerManagedKey k = f.key(KeyUseCase.MANAGED_SERVICES);
    f.runningWorkspace(f.workspaceRequest().setManagedServicesCustomerManagedKeyId(k.getCustomerManagedKeyId()));

    assertThatThrownBy(() -> f.a.encryptionKeys().delete(k.getCustomerManagedKeyId())).isInstanceOf(InvalidState.class);
  }

  @Test
  void accountObjects_listedByTheSdk_comeAsBareJsonArrays() {
    f.credential();
    f.storage();

    assertThat(f.a.credentials().list()).hasSize(1);
    assertThat(f.a.storage().list()).hasSize(1);
    assertThat(f.a.networks().list()).isEmpty();
    assertThat(f.a.privateAccess().list()).isEmpty();
    assertThat(f.a.vpcEndpoints().list()).isEmpty();
    assertThat(f.a.encryptionKeys().list()).isEmpty();
  }
}
