package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OAuth M2M, discovery, PATs, and who may call what. */
class AuthContractTest {
  @RegisterExtension static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

  @Test
  void accountClient_adminCredentials_discoversTheAccountTokenEndpointAndIsServed() {
    AccountClient a = new AccountClient(emu.accountConfig());

    assertThat(a.workspaces().list()).isEmpty();
    assertThat(emu.requests())
        .extracting(RequestLog_path())
        .contains(
            "/.well-known/databricks-config",
            "/oidc/accounts/" + emu.accountId() + "/.well-known/oauth-authorization-server",
            "/oidc/accounts/" + emu.accountId() + "/v1/token",
            "/api/2.0/accounts/" + emu.accountId() + "/workspaces");
  }

  @Test
  void tokenEndpoint_wrongSecret_isRefusedWith401() {
    AccountClient a = new AccountClient(emu.accountConfig(emu.adminClientId(), "dose-not-the-secret"));

    assertThatThrownBy(() -> a.workspaces().list()).hasRootCauseInstanceOf(Unauthenticated.class);
    assertThat(emu.requests())
        .filteredOn(r -> r.path().endsWith("/v1/token"))
        .extracting(r -> r.status())
        .containsOnly(401);
  }

  @Test
  void accountApi_principalWithoutAccountAdmin_isRefusedWithPermissionDenied() {
    AccountClient user = new AccountClient(emu.accountConfig(emu.userClientId(), emu.userClientSecret()));

    assertThatThrownBy(() -> user.credentials().list())
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("account admin");
  }

  @Test
  void accountApi_expiredOAuthToken_isRefusedWithUnauthenticated() {
    AccountClient a = new AccountClient(emu.accountConfig());
    a.credentials().list();

    emu.clock().advance(Duration.ofHours(2));

    assertThatThrownBy(() -> a.credentials().list()).isInstanceOf(Unauthenticated.class);
  }

  @Test
  void accountApi_personalAccessToken_isRefusedWithUnauthenticated() {
    Fixtures f = new Fixtures(emu);
    Workspace w = f.runningWorkspace();
    String pat = emu.mintPat(w.getWorkspaceId());
    AccountClient withPat =
        new AccountClient(
            new DatabricksConfig()
                .setHost(emu.baseUrl())
                .setAccountId(emu.accountId())
                .setToken(pat)
                .setAuthType("pat")
                .setHttpTimeoutSeconds(30));

    assertThatThrownBy(() -> withPat.credentials().list()).isInstanceOf(Unauthenticated.class);
  }

  @Test
  void workspaceApi_accountAdminOAuthTokenThroughGetWorkspaceClient_isAcceptedAsWorkspaceAdmin() {
    Fixtures f = new Fixtures(emu);
    Workspace w = f.runningWorkspace();

    WorkspaceClient ws = f.workspaceClient(w);

    assertThat(ws.currentUser().me(new MeRequest()).getUserName()).isEqualTo(emu.adminClientId());
    assertThat(emu.requests())
        .filteredOn(r -> r.path().equals("/api/2.0/preview/scim/v2/Me"))
        .extracting(r -> r.workspaceId())
        .containsExactly(w.getWorkspaceId());
  }

  @Test
  void workspaceApi_patOfItsOwnWorkspace_isAccepted() {
    Fixtures f = new Fixtures(emu);
    Workspace w = f.runningWorkspace();
    WorkspaceClient ws = new WorkspaceClient(emu.workspaceConfig(w.getWorkspaceId(), emu.mintPat(w.getWorkspaceId())));

    assertThat(ws.currentUser().me(new MeRequest()).getUserName()).isEqualTo(emu.adminClientId());
  }

  @Test
  void workspaceApi_patOfAnotherWorkspace_isRefusedWithPermissionDenied() {
    Fixtures f = new Fixtures(emu);
    Workspace first = f.runningWorkspace();
    Workspace second = f.runningWorkspace();
    String patOfFirst = emu.mintPat(first.getWorkspaceId());
    WorkspaceClient onSecond = new WorkspaceClient(emu.workspaceConfig(second.getWorkspaceId(), patOfFirst));

    assertThatThrownBy(() -> onSecond.currentUser().me(new MeRequest()))
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("Invalid access token");
  }

  @Test
  void workspaceApi_principalNotAssignedToTheWorkspace_isRefusedWithPermissionDenied() {
    Fixtures f = new Fixtures(emu);
    Workspace w = f.runningWorkspace();
    AccountClient user = new AccountClient(emu.accountConfig(emu.userClientId(), emu.userClientSecret()));

    assertThatThrownBy(() -> user.getWorkspaceClient(w).currentUser().me(new MeRequest()))
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("not a member");
  }

  @Test
  void workspaceLevelOAuth_clientWithoutAccountId_getsItsTokenFromTheWorkspaceEndpoint() {
    Fixtures f = new Fixtures(emu);
    Workspace w = f.runningWorkspace();
    WorkspaceClient ws =
        new WorkspaceClient(
            new DatabricksConfig()
                .setHost(emu.baseUrl())
                .setWorkspaceId(String.valueOf(w.getWorkspaceId()))
                .setClientId(emu.adminClientId())
                .setClientSecret(emu.adminClientSecret())
                .setAuthType("oauth-m2m")
                .setHttpTimeoutSeconds(30));

    assertThat(ws.currentUser().me(new MeRequest()).getUserName()).isEqualTo(emu.adminClientId());
    assertThat(emu.requests()).extracting(RequestLog_path()).contains("/oidc/.well-known/oauth-authorization-server", "/oidc/v1/token");
  }

  @Test
  void workspaceApi_workspaceStillProvisioning_answersTemporarilyUnavailable() {
    Fixtures f = new Fixtures(emu);
    emu.scenario().provisioningTime(Duration.ofMinutes(10));
    Workspace w = f.a.workspaces().create(f.workspaceRequest()).getResponse();
    WorkspaceClient ws = new WorkspaceClient(emu.accountConfig().setWorkspaceId(String.valueOf(w.getWorkspaceId())).setDisableRetries(true));

    assertThatThrownBy(() -> ws.currentUser().me(new MeRequest()))
        .isInstanceOf(com.databricks.sdk.core.error.platform.TemporarilyUnavailable.class)
        .hasMessageContaining("not reachable yet");
  }

  static java.util.function.Function<io.dbxcp.emulator.http.RequestLog.Entry, String> RequestLog_path() {
    return io.dbxcp.emulator.http.RequestLog.Entry::path;
  }
}
