package io.dbxcp.workspace.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.PutAcl;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.Acl;
import io.dbxcp.workspace.model.WorkspaceRequest.Configure;
import io.dbxcp.workspace.model.WorkspaceRequest.SecretScope;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SecretScopesServiceTest {
    @RegisterExtension
    static DatabricksEmulatorExtension emu = ConfigureFixture.emulator();

    ConfigureFixture f;
    SecretScopesService service;

    @BeforeEach
    void setUp() {
        f = new ConfigureFixture(emu);
        service = new SecretScopesService(f.clients());
    }

    private static WorkspaceRequest scopesOnly(WorkspaceRequest r, List<SecretScope> scopes) {
        return ConfigureFixture.withConfigure(r, c -> new Configure(null, null, scopes, null, null, null, null, null));
    }

    private static WorkspaceRequest sample() {
        WorkspaceRequest r = ConfigureFixture.sampleRequest();
        return scopesOnly(r, r.configure().secretScopes());
    }

    private Map<String, AclPermission> acls(ProvisionState state, String scope) {
        return StreamSupport.stream(f.workspaceClient(state).secrets().listAcls(scope).spliterator(), false)
                .collect(Collectors.toMap(AclItem::getPrincipal, AclItem::getPermission));
    }

    @Test
    void configure_sampleRequest_createsTheScopeWithTheAclsOfTheRequest() {
        ProvisionState state = f.runningWorkspace(sample());

        List<Ref> refs = service.configure(state);

        assertThat(refs).containsExactly(new Ref("secret-scope", "data-platform", "data-platform", true));
        assertThat(acls(state, "data-platform"))
                .containsEntry("data-engineers", AclPermission.READ)
                .containsEntry("platform-admins", AclPermission.MANAGE)
                .containsEntry(emu.adminClientId(), AclPermission.MANAGE); // the creator's own ACL
        assertThat(f.contents(state).path("secret_scopes").get(0).path("backend_type").asText()).isEqualTo("DATABRICKS");
    }

    @Test
    void configure_rerun_reusesTheScopeAndWritesNothing() {
        ProvisionState state = f.runningWorkspace(sample());
        service.configure(state);
        JsonNode before = f.objects();
        long seq = f.lastRequest();

        List<Ref> second = service.configure(state);

        assertThat(second).containsExactly(new Ref("secret-scope", "data-platform", "data-platform", false));
        assertThat(f.writesAfter(seq)).isEmpty();
        assertThat(f.objects()).isEqualTo(before);
    }

    @Test
    void configure_existingScopeWithOtherAcls_correctsTheNamedOnesAndLeavesTheOthers() {
        ProvisionState state = f.runningWorkspace(sample());
        WorkspaceClient ws = f.workspaceClient(state);
        ws.secrets().createScope(new CreateScope().setScope("data-platform"));
        ws.secrets().putAcl(new PutAcl().setScope("data-platform").setPrincipal("data-engineers").setPermission(AclPermission.MANAGE));
        ws.secrets().putAcl(new PutAcl().setScope("data-platform").setPrincipal("auditors").setPermission(AclPermission.READ));
        long seq = f.lastRequest();

        List<Ref> refs = service.configure(state);

        assertThat(refs).containsExactly(new Ref("secret-scope", "data-platform", "data-platform", false));
        assertThat(acls(state, "data-platform"))
                .containsEntry("data-engineers", AclPermission.READ)
                .containsEntry("platform-admins", AclPermission.MANAGE)
                .containsEntry("auditors", AclPermission.READ);
        assertThat(f.writesAfter(seq)).extracting(e -> e.path()).containsExactly("/api/2.0/secrets/acls/put", "/api/2.0/secrets/acls/put");
    }

    @Test
    void configure_principalNamedTwiceForAScope_isAnInvalidRequestBeforeAnyCall() {
        ProvisionState state = f.runningWorkspace(scopesOnly(ConfigureFixture.sampleRequest(),
                List.of(new SecretScope("s", List.of(new Acl("a", "READ"), new Acl("a", "WRITE"))))));
        long seq = f.lastRequest();

        assertThatThrownBy(() -> service.configure(state))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("configure.secretScopes[0].acls[1].principal");
        assertThat(f.apiRequestsAfter(seq)).isEmpty();
    }

    @Test
    void configure_nothingAsked_returnsNoRefAndCallsNoApi() {
        ProvisionState state = f.runningWorkspace(scopesOnly(ConfigureFixture.sampleRequest(), List.of()));
        long seq = f.lastRequest();

        assertThat(service.configure(state)).isEmpty();
        assertThat(emu.requests()).allMatch(e -> e.seq() <= seq);
    }

    @Test
    void configure_aclPutUnavailable_isTransientAndARerunFinishes() {
        ProvisionState state = f.runningWorkspace(sample());
        f.unavailable("POST", "/api/2.0/secrets/acls/put", 4);

        assertThatThrownBy(() -> service.configure(state)).isInstanceOf(TransientException.class).hasMessageContaining("put ACL");
        List<Ref> refs = service.configure(state);

        assertThat(refs).containsExactly(new Ref("secret-scope", "data-platform", "data-platform", false));
        assertThat(acls(state, "data-platform")).containsEntry("data-engineers", AclPermission.READ);
    }

    @Test
    void handleRequest_sampleState_returnsTheScopeRef() {
        ProvisionState state = f.runningWorkspace(sample());

        assertThat(ConfigureFixture.invoke(new ConfigureSecretScopesHandler(service), state, "configure-secret-scopes"))
                .containsExactly(new Ref("secret-scope", "data-platform", "data-platform", true));
    }
}
