package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ListClustersRequest;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.provisioning.WorkspaceStatus;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.PutSecret;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The control API under /_emulator/, by plain HTTP as a demo script or another language would use it. */
class ControlApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

  Fixtures f;

  @BeforeEach
  void client() {
    f = new Fixtures(emu);
  }

  private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + path)).header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  @Test
  void state_afterObjectsAreMade_showsEveryKind() throws Exception {
    f.runningWorkspace();

    JsonNode state = call("GET", "/_emulator/state", null);

    assertThat(state.fieldNames())
        .toIterable()
        .contains("accounts", "service_principals", "credentials", "storage_configurations", "networks", "private_access_settings",
            "vpc_endpoints", "customer_managed_keys", "workspaces", "log_delivery", "metastores", "groups");
    assertThat(state.at("/workspaces/0/workspace_status").asText()).isEqualTo("RUNNING");
    assertThat(state.at("/credentials")).hasSize(1);
  }

  @Test
  void reset_forgetsObjectsButKeepsTheAdminTokenWorking() throws Exception {
    f.credential();

    call("POST", "/_emulator/reset", null);

    assertThat(call("GET", "/_emulator/state", null).at("/credentials")).isEmpty();
    assertThat(f.a.credentials().list()).isEmpty();
  }

  @Test
  void requests_neverShowAuthorizationTokensOrSecretValues() throws Exception {
    Workspace w = f.runningWorkspace();
    WorkspaceClient ws = f.workspaceClient(w);
    ws.secrets().createScope(new CreateScope().setScope("s"));
    ws.secrets().putSecret(new PutSecret().setScope("s").setKey("k").setStringValue("very-secret-value"));
    String pat = emu.mintPat(w.getWorkspaceId());
    new WorkspaceClient(emu.workspaceConfig(w.getWorkspaceId(), pat)).currentUser().me(new MeRequest());

    String log = call("GET", "/_emulator/requests", null).toString();

    assertThat(log).contains("/api/2.0/secrets/put", "/oidc/accounts/", "\"workspace_id\":" + w.getWorkspaceId(), "\"duration_ms\"");
    assertThat(log).doesNotContain("very-secret-value", emu.adminClientSecret(), pat, "Bearer", "Basic", "\"Authorization\"", "\"headers\"");
  }

  @Test
  void faults_postedOverHttp_areServedThenCleared() throws Exception {
    call(
        "POST",
        "/_emulator/faults",
        "{\"method\":\"GET\",\"path\":\"/api/2.0/accounts/*/credentials\",\"count\":1,\"status\":503,"
            + "\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"maintenance\",\"retry_after_seconds\":1}");
    assertThat(call("GET", "/_emulator/faults", null).at("/faults/0/remaining").asInt()).isEqualTo(1);

    assertThat(f.a.credentials().list()).as("503 is retried by the SDK").isEmpty();

    assertThat(call("GET", "/_emulator/requests?path=/api/2.0/accounts", null).findValuesAsText("status")).contains("503", "200");
    call("POST", "/_emulator/faults", "{\"path\":\"**\",\"count\":-1,\"latency_ms\":1}");
    call("DELETE", "/_emulator/faults", null);
    assertThat(call("GET", "/_emulator/faults", null).at("/faults")).isEmpty();
  }

  @Test
  void scenario_setOverHttp_changesTheKnobsAndFailsANamedWorkspace() throws Exception {
    JsonNode knobs =
        call("POST", "/_emulator/scenario", "{\"provisioning_seconds\":0.2,\"scim_max_page_size\":7,\"latency_ms\":{\"account\":5}}");
    var request = f.workspaceRequest();
    call("POST", "/_emulator/scenario/fail-workspace", "{\"workspace_name\":\"" + request.getWorkspaceName() + "\",\"message\":\"no capacity\"}");

    assertThat(knobs.path("provisioning_seconds").asDouble()).isEqualTo(0.2);
    assertThat(knobs.path("scim_max_page_size").asInt()).isEqualTo(7);
    assertThat(knobs.at("/latency_ms/account").asLong()).isEqualTo(5);
    Workspace w = f.a.workspaces().create(request).getResponse();
    call("POST", "/_emulator/clock/advance", "{\"seconds\":1}");
    assertThat(f.a.workspaces().get(w.getWorkspaceId()).getWorkspaceStatus()).isEqualTo(WorkspaceStatus.FAILED);
  }

  @Test
  void computeAndTokens_madeOverHttp_areSeenThroughTheSdk() throws Exception {
    Workspace w = f.runningWorkspace();

    String clusterId = call("POST", "/_emulator/workspaces/" + w.getWorkspaceId() + "/compute", "{\"kind\":\"cluster\"}").path("id").asText();
    String pat = call("POST", "/_emulator/tokens", "{\"workspace_id\":" + w.getWorkspaceId() + "}").path("token_value").asText();

    WorkspaceClient ws = new WorkspaceClient(emu.workspaceConfig(w.getWorkspaceId(), pat));
    assertThat(ws.clusters().list(new ListClustersRequest())).extracting(c -> c.getClusterId()).containsExactly(clusterId);
    call("DELETE", "/_emulator/workspaces/" + w.getWorkspaceId() + "/compute", null);
    assertThat(call("GET", "/_emulator/state", null).at("/workspaces/0/emulator/running_compute")).isEmpty();
  }

  @Test
  void credentialsAndRoutes_describeTheEmulator() throws Exception {
    JsonNode creds = call("GET", "/_emulator/credentials", null);
    JsonNode routes = call("GET", "/_emulator/routes", null);

    assertThat(creds.at("/account_admin/client_id").asText()).isEqualTo(emu.adminClientId());
    assertThat(creds.path("account_id").asText()).isEqualTo(emu.accountId());
    assertThat(routes.path("routes").findValuesAsText("path")).contains("/api/2.0/accounts/{account_id}/workspaces/{workspace_id}");
  }
}
