package io.dbxcp.common.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class M2MCredentialsTest {

    @RegisterExtension
    static final DatabricksEmulatorExtension EMU = DatabricksEmulatorExtension.builder().build();

    @Test
    void tokenEndpoint_onTheAccountHost_isTheAccounts_andOnAWorkspaceHost_isTheWorkspaces() {
        M2MCredentials c = new M2MCredentials("https://accounts.cloud.databricks.com/", "acc-1");

        assertThat(c.tokenEndpoint("https://accounts.cloud.databricks.com"))
                .isEqualTo("https://accounts.cloud.databricks.com/oidc/accounts/acc-1/v1/token");
        assertThat(c.tokenEndpoint("https://analytics-prod.cloud.databricks.com/"))
                .isEqualTo("https://analytics-prod.cloud.databricks.com/oidc/v1/token");
    }

    @Test
    void accountAndWorkspaceClients_makeNoDiscoveryCall_andShareOneToken() {
        DatabricksClients clients = new DatabricksClients(new DatabricksSettings(EMU.baseUrl(), EMU.accountId(),
                Optional.empty(), Optional.of(EMU.adminClientId()), Optional.of(EMU.adminClientSecret()), 30), id -> null);
        String cred = clients.account().credentials().create(new CreateCredentialRequest().setCredentialsName("m2m-test-credentials")
                .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(
                        new CreateCredentialStsRole().setRoleArn("arn:aws:iam::111122223333:role/x")))).getCredentialsId();
        String storage = clients.account().storage().create(new CreateStorageConfigurationRequest()
                .setStorageConfigurationName("m2m-test-storage").setRootBucketInfo(new RootBucketInfo().setBucketName("m2m-test-root"))).getStorageConfigurationId();
        Workspace ws = clients.account().workspaces().create(new CreateWorkspaceRequest().setWorkspaceName("m2m-test")
                .setDeploymentName("m2m-test").setAwsRegion("us-east-1").setCredentialsId(cred).setStorageConfigurationId(storage))
                .getResponse();

        clients.workspace(ws.getWorkspaceId(), ws.getDeploymentName()).currentUser().me(new com.databricks.sdk.service.iam.MeRequest());

        List<RequestLog.Entry> log = EMU.requests();
        assertThat(log).filteredOn(e -> e.path().endsWith("/oauth-authorization-server")).isEmpty();
        assertThat(log).filteredOn(e -> e.path().endsWith("/v1/token")).hasSize(1);
        assertThat(log).filteredOn(e -> e.path().equals("/api/2.0/preview/scim/v2/Me")).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(200));
    }
}
