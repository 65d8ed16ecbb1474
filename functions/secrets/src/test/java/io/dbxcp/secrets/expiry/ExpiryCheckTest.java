package io.dbxcp.secrets.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretRequest;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretResponse;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.settings.CreateOboTokenResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.secrets.BusListener;
import io.dbxcp.secrets.Fixtures;
import io.dbxcp.secrets.model.OAuthSecret;
import io.dbxcp.common.databricks.OboToken;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.testsupport.MotoServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExpiryCheckTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @RegisterExtension
    static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().build();

    @Test
    void credentialsExpiringWithinTheWindow_orGone_areReportedOnTheBus_withoutTheirValues() {
        Fixtures f = new Fixtures(moto, emu);
        long wsId = f.workspace().getWorkspaceId();
        ServicePrincipal sp = f.principal(Fixtures.unique("automation"));
        f.assign(wsId, sp);
        WorkspaceClient admin = f.adminWorkspace(wsId);
        Instant now = Instant.now();
        String run = Fixtures.unique("expiry"); // other tests' secrets are listed too: this test looks at its own

        String soon = f.createSecret("dbxcp/" + run + "/soon",
                Json.write(new OboToken("dapi-soon-value", "t-soon", sp.getApplicationId(), now.plus(Duration.ofDays(3)).toString(), wsId, "h")),
                Map.of(SecretTags.KIND, "obo-token", SecretTags.WORKSPACE_ID, Long.toString(wsId)));
        f.createSecret("dbxcp/" + run + "/later",
                Json.write(new OboToken("dapi-later-value", "t-later", sp.getApplicationId(), now.plus(Duration.ofDays(60)).toString(), wsId, "h")),
                Map.of(SecretTags.KIND, "obo-token", SecretTags.WORKSPACE_ID, Long.toString(wsId)));
        CreateOboTokenResponse undated = admin.tokenManagement().createOboToken(new CreateOboTokenRequest()
                .setApplicationId(sp.getApplicationId()).setLifetimeSeconds(Duration.ofDays(2).toSeconds()));
        String fromApi = f.createSecret("dbxcp/" + run + "/undated",
                Json.write(new OboToken(undated.getTokenValue(), undated.getTokenInfo().getTokenId(), sp.getApplicationId(), null, wsId, "h")),
                Map.of(SecretTags.KIND, "obo-token", SecretTags.WORKSPACE_ID, Long.toString(wsId)));
        CreateOboTokenResponse revoked = admin.tokenManagement().createOboToken(new CreateOboTokenRequest().setApplicationId(sp.getApplicationId()));
        admin.tokenManagement().delete(revoked.getTokenInfo().getTokenId());
        String gone = f.createSecret("dbxcp/" + run + "/gone",
                Json.write(new OboToken(revoked.getTokenValue(), revoked.getTokenInfo().getTokenId(), sp.getApplicationId(), null, wsId, "h")),
                Map.of(SecretTags.KIND, "obo-token", SecretTags.WORKSPACE_ID, Long.toString(wsId)));
        CreateServicePrincipalSecretResponse oauth = f.account.servicePrincipalSecrets().create(new CreateServicePrincipalSecretRequest()
                .setServicePrincipalId(sp.getId()).setLifetime(Duration.ofDays(10).toSeconds() + "s"));
        String oauthSoon = f.createSecret("dbxcp/" + run + "/oauth",
                Json.write(new OAuthSecret(sp.getApplicationId(), oauth.getSecret(), oauth.getId(), null)),
                Map.of(SecretTags.KIND, "sp-oauth-secret", SecretTags.SERVICE_PRINCIPAL_ID, sp.getId()));
        f.createSecret("dbxcp/" + run + "/unrelated", "{}", Map.of("team", "x"));
        String busName = Fixtures.unique("dbxcp");

        try (BusListener bus = new BusListener(moto, busName, "Credential Expiring")) {
            ExpiryReport report = new ExpiryCheckService(f.store, f.directory, bus.events, busName, Duration.ofDays(14), Clock.systemUTC()).check();

            assertThat(report.checked()).isGreaterThanOrEqualTo(5);
            assertThat(report.unreadable()).noneMatch(u -> u.contains(run));
            List<CredentialExpiring> mine = report.expiring().stream().filter(e -> e.secretName().startsWith("dbxcp/" + run + "/")).toList();
            assertThat(mine).extracting(CredentialExpiring::secretArn).containsExactlyInAnyOrder(soon, fromApi, gone, oauthSoon);
            CredentialExpiring api = report.expiring().stream().filter(e -> e.secretArn().equals(fromApi)).findFirst().orElseThrow();
            assertThat(api.expiryFrom()).isEqualTo("DATABRICKS_API");
            assertThat(api.daysLeft()).isEqualTo(1L);
            CredentialExpiring revokedReport = report.expiring().stream().filter(e -> e.secretArn().equals(gone)).findFirst().orElseThrow();
            assertThat(revokedReport.expired()).isTrue();
            assertThat(revokedReport.note()).contains("no longer exists");

            List<JsonNode> events = bus.received(report.expiring().size()).stream()
                    .filter(e -> e.path("detail").path("secretName").asText().startsWith("dbxcp/" + run + "/")).toList();
            assertThat(events).hasSize(4);
            assertThat(events).allSatisfy(e -> {
                assertThat(e.path("source").asText()).isEqualTo("dbxcp.controlplane");
                assertThat(e.path("detail-type").asText()).isEqualTo("Credential Expiring");
            });
            assertThat(events).extracting(e -> e.path("detail").path("secretName").asText())
                    .containsExactlyInAnyOrder("dbxcp/" + run + "/soon", "dbxcp/" + run + "/undated", "dbxcp/" + run + "/gone",
                            "dbxcp/" + run + "/oauth");
            String all = events.toString() + Json.write(report);
            assertThat(all).doesNotContain("dapi-soon-value", undated.getTokenValue(), revoked.getTokenValue(), oauth.getSecret());
        }
    }
}
