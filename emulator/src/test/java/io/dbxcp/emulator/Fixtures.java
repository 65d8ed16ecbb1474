package io.dbxcp.emulator;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.provisioning.CreateAwsKeyInfo;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateCustomerManagedKeyRequest;
import com.databricks.sdk.service.provisioning.CreateNetworkRequest;
import com.databricks.sdk.service.provisioning.CreatePrivateAccessSettingsRequest;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateVpcEndpointRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.Credential;
import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.NetworkVpcEndpoints;
import com.databricks.sdk.service.provisioning.PrivateAccessLevel;
import com.databricks.sdk.service.provisioning.PrivateAccessSettings;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.StorageConfiguration;
import com.databricks.sdk.service.provisioning.VpcEndpoint;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Account objects made through the SDK, with unique names, for the contract tests. */
final class Fixtures {
  private static final AtomicInteger SEQ = new AtomicInteger();
  static final String REGION = "us-east-1";

  final DatabricksEmulatorExtension emu;
  final AccountClient a;

  Fixtures(DatabricksEmulatorExtension emu) {
    this.emu = emu;
    this.a = new AccountClient(emu.accountConfig());
  }

  static String unique(String prefix) {
    return prefix + "-" + SEQ.incrementAndGet();
  }

  static String roleArn(String name) {
    return "arn:aws:iam::123456789012:role/" + name;
  }

  static String keyArn() {
    return "arn:aws:kms:" + REGION + ":123456789012:key/" + java.util.UUID.randomUUID();
  }

  Credential credential() {
    String name = unique("cred");
    return a.credentials()
        .create(
            new CreateCredentialRequest()
                .setCredentialsName(name)
                .setAwsCredentials(
                    new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn(roleArn(name)))));
  }

  StorageConfiguration storage() {
    String name = unique("storage");
    return a.storage()
        .create(
            new CreateStorageConfigurationRequest()
                .setStorageConfigurationName(name)
                .setRootBucketInfo(new RootBucketInfo().setBucketName(name + "-root")));
  }

  VpcEndpoint vpcEndpoint(String namePrefix) {
    return a.vpcEndpoints()
        .create(
            new CreateVpcEndpointRequest()
                .setVpcEndpointName(unique(namePrefix))
                .setAwsVpcEndpointId("vpce-" + String.format("%017x", System.nanoTime()))
                .setRegion(REGION));
  }

  Network network() {
    return a.networks()
        .create(
            new CreateNetworkRequest()
                .setNetworkName(unique("net"))
                .setVpcId("vpc-0123456789abcdef0")
                .setSubnetIds(List.of("subnet-aaaa1111", "subnet-bbbb2222"))
                .setSecurityGroupIds(List.of("sg-0123456789abcdef0")));
  }

  Network privateLinkNetwork(VpcEndpoint rest, VpcEndpoint relay) {
    return a.networks()
        .create(
            new CreateNetworkRequest()
                .setNetworkName(unique("pl-net"))
                .setVpcId("vpc-0123456789abcdef0")
                .setSubnetIds(List.of("subnet-aaaa1111", "subnet-bbbb2222"))
                .setSecurityGroupIds(List.of("sg-0123456789abcdef0"))
                .setVpcEndpoints(
                    new NetworkVpcEndpoints()
                        .setRestApi(List.of(rest.getVpcEndpointId()))
                        .setDataplaneRelay(List.of(relay.getVpcEndpointId()))));
  }

  PrivateAccessSettings privateAccess() {
    return a.privateAccess()
        .create(
            new CreatePrivateAccessSettingsRequest()
                .setPrivateAccessSettingsName(unique("pas"))
                .setRegion(REGION)
                .setPublicAccessEnabled(true)
                .setPrivateAccessLevel(PrivateAccessLevel.ACCOUNT));
  }

  CustomerManagedKey key(KeyUseCase... useCases) {
    return a.encryptionKeys()
        .create(
            new CreateCustomerManagedKeyRequest()
                .setUseCases(Arrays.asList(useCases))
                .setAwsKeyInfo(new CreateAwsKeyInfo().setKeyArn(keyArn()).setKeyAlias("alias/" + unique("key"))));
  }

  /** The minimal create request: credentials and storage (a Databricks-managed VPC). */
  CreateWorkspaceRequest workspaceRequest() {
    return new CreateWorkspaceRequest()
        .setWorkspaceName(unique("ws"))
        .setAwsRegion(REGION)
        .setCredentialsId(credential().getCredentialsId())
        .setStorageConfigurationId(storage().getStorageConfigurationId());
  }

  /** A workspace that is RUNNING, waited for with the SDK's own waiter. */
  Workspace runningWorkspace(CreateWorkspaceRequest request) {
    try {
      return a.workspaces().create(request).get(Duration.ofSeconds(30));
    } catch (TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  Workspace runningWorkspace() {
    return runningWorkspace(workspaceRequest());
  }

  WorkspaceClient workspaceClient(Workspace w) {
    return a.getWorkspaceClient(w);
  }
}
