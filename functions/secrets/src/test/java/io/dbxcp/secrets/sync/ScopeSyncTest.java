package io.dbxcp.secrets.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.PutAcl;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.secrets.Fixtures;
import io.dbxcp.secrets.model.OAuthSecret;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScopeSyncTest {
    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    @RegisterExtension
    static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().resetBetweenTests().build();

    private Fixtures f;
    private ScopeSyncService sync;
    private long wsId;
    private WorkspaceClient ws;

    @BeforeEach
    void setUp() {
        f = new Fixtures(moto, emu);
        sync = new ScopeSyncService(f.store, f.directory);
        wsId = f.workspace().getWorkspaceId();
        ws = f.adminWorkspace(wsId);
    }

    @Test
    void aMissingScope_isCreatedWithTheTaggedAcls_andTheCredentialWritten() {
        String arn = f.createSecret("dbxcp/" + Fixtures.unique("etl") + "/oauth", oauth("client-1", "first-secret-value"),
                Map.of(SecretTags.KIND, "sp-oauth-secret", SecretTags.SERVICE_PRINCIPAL_ID, "123",
                        SecretTags.SCOPE_SYNC, wsId + "/etl/client-secret " + wsId + "/etl/client-id=client_id",
                        SecretTags.SCOPE_ACLS, "data-engineers=READ admins=MANAGE"));

        SyncResult r = sync.sync(arn);

        assertThat(r.targets()).extracting(SyncResult.Target::scope, SyncResult.Target::key, SyncResult.Target::scopeCreated)
                .containsExactly(tuple("etl", "client-secret", true), tuple("etl", "client-id", false));
        assertThat(read("etl", "client-secret")).isEqualTo("first-secret-value");
        assertThat(read("etl", "client-id")).isEqualTo("client-1");
        assertThat(ws.secrets().listAcls("etl")).extracting(AclItem::getPrincipal, AclItem::getPermission)
                .contains(tuple("data-engineers", AclPermission.READ), tuple("admins", AclPermission.MANAGE));
        assertThat(Json.write(r)).doesNotContain("first-secret-value");
    }

    @Test
    void withoutAnAclTag_theScopeGetsManageForAdmins() {
        String arn = f.createSecret("dbxcp/" + Fixtures.unique("plain") + "/db", "plain-text-password",
                Map.of(SecretTags.SCOPE_SYNC, wsId + "/lake/db-password"));

        sync.sync(arn);

        assertThat(read("lake", "db-password")).as("a secret without a kind is written whole").isEqualTo("plain-text-password");
        assertThat(ws.secrets().listAcls("lake")).extracting(AclItem::getPrincipal, AclItem::getPermission)
                .contains(tuple("admins", AclPermission.MANAGE));
    }

    @Test
    void syncingTwice_changesNothing_andANewValueIsWrittenOverTheOld() {
        ws.secrets().createScope(new CreateScope().setScope("etl"));
        ws.secrets().putAcl(new PutAcl().setScope("etl").setPrincipal("analysts").setPermission(AclPermission.READ));
        String arn = f.createSecret("dbxcp/" + Fixtures.unique("etl") + "/oauth", oauth("client-1", "value-one"),
                Map.of(SecretTags.KIND, "sp-oauth-secret", SecretTags.SCOPE_SYNC, wsId + "/etl/secret"));

        SyncResult first = sync.sync(arn);
        SyncResult second = sync.sync(arn);

        assertThat(first.targets().getFirst().scopeCreated()).isFalse();
        assertThat(first.targets().getFirst().aclsPut()).containsExactly("admins=MANAGE");
        assertThat(second.targets().getFirst().aclsPut()).isEmpty();
        assertThat(ws.secrets().listScopes()).hasSize(1);
        assertThat(ws.secrets().listAcls("etl")).extracting(AclItem::getPrincipal)
                .as("ACLs the tags do not name are left alone").contains("analysts");
        assertThat(read("etl", "secret")).isEqualTo("value-one");

        f.sm.putSecretValue(b -> b.secretId(arn).secretString(oauth("client-1", "value-two")));
        SyncResult third = sync.sync(arn);
        assertThat(read("etl", "secret")).isEqualTo("value-two");
        assertThat(third.versionId()).isNotEqualTo(first.versionId());
    }

    @Test
    void aSecretWithoutTargets_writesNothing() {
        String arn = f.createSecret("dbxcp/" + Fixtures.unique("none") + "/oauth", oauth("c", "s"), Map.of(SecretTags.KIND, "sp-oauth-secret"));

        assertThat(sync.sync(arn).targets()).isEmpty();
        assertThat(ws.secrets().listScopes()).isEmpty();
    }

    @Test
    void aMalformedTarget_orAMissingField_isRefusedNamingTheTagNotTheValue() {
        String bad = f.createSecret("dbxcp/" + Fixtures.unique("bad") + "/x", oauth("c", "hidden-value"),
                Map.of(SecretTags.SCOPE_SYNC, "not-a-target"));
        String missing = f.createSecret("dbxcp/" + Fixtures.unique("missing") + "/x", oauth("c", "hidden-value"),
                Map.of(SecretTags.SCOPE_SYNC, wsId + "/etl/k=nope"));

        assertThatThrownBy(() -> sync.sync(bad)).isInstanceOf(InvalidRequestException.class).hasMessageContaining("not-a-target");
        assertThatThrownBy(() -> sync.sync(missing)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("nope").hasMessageNotContaining("hidden-value");
    }

    @Test
    void theHandler_refusesASecretOutsideDbxcp() {
        SyncSecretScopesHandler handler = new SyncSecretScopesHandler(sync);

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream("{\"secretId\":\"prod/db\"}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), new TestContext())).isInstanceOf(InvalidRequestException.class).hasMessageContaining("dbxcp/");
    }

    private String read(String scope, String key) {
        return new String(Base64.getDecoder().decode(ws.secrets().getSecret(scope, key).getValue()), StandardCharsets.UTF_8);
    }

    private static String oauth(String clientId, String secret) {
        return Json.write(new OAuthSecret(clientId, secret, "42", null));
    }
}
