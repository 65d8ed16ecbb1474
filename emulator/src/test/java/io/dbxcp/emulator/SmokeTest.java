package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.provisioning.*;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeTest {
  @RegisterExtension
  static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().provisioningTime(Duration.ofMillis(200)).build();

  @Test
  void smoke() throws Exception {
    AccountClient a = new AccountClient(emu.accountConfig());
    Credential c = a.credentials().create(new CreateCredentialRequest().setCredentialsName("c1")
        .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn("arn:aws:iam::123456789012:role/x"))));
    assertThat(c.getCredentialsId()).isNotBlank();
    StorageConfiguration s = a.storage().create(new CreateStorageConfigurationRequest().setStorageConfigurationName("s1").setRootBucketInfo(new RootBucketInfo().setBucketName("my-root-bucket")));
    Workspace w = a.workspaces().create(new CreateWorkspaceRequest().setWorkspaceName("ws1").setAwsRegion("us-east-1")
        .setCredentialsId(c.getCredentialsId()).setStorageConfigurationId(s.getStorageConfigurationId())).get(Duration.ofSeconds(30));
    assertThat(w.getWorkspaceStatus()).isEqualTo(WorkspaceStatus.RUNNING);
    WorkspaceClient ws = a.getWorkspaceClient(w);
    ws.secrets().createScope(new com.databricks.sdk.service.workspace.CreateScope().setScope("scope1"));
    assertThat(ws.secrets().listScopes()).hasSize(1);
    System.out.println(emu.state().toPrettyString());
    System.out.println(emu.requests());
  }
}
