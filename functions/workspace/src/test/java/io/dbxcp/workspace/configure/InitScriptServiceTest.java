package io.dbxcp.workspace.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.GlobalInitScriptCreateRequest;
import com.databricks.sdk.service.compute.GlobalInitScriptDetailsWithContent;
import com.databricks.sdk.service.compute.GlobalInitScriptUpdateRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.Configure;
import io.dbxcp.workspace.model.WorkspaceRequest.InitScript;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InitScriptServiceTest {
    static final String ROOT_KEY = "arn:aws:kms:us-east-1:111122223333:key/2c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d6e";
    static final String OTHER_KEY = "arn:aws:kms:us-east-1:111122223333:key/9c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d6e";

    @RegisterExtension
    static DatabricksEmulatorExtension emu = ConfigureFixture.emulator();

    ConfigureFixture f;
    InitScriptService service;

    @BeforeEach
    void setUp() {
        f = new ConfigureFixture(emu);
        service = new InitScriptService(f.clients());
    }

    private static WorkspaceRequest initScriptOnly(WorkspaceRequest r, InitScript script) {
        return ConfigureFixture.withConfigure(r, c -> new Configure(null, script, null, null, null, null, null, null));
    }

    private static WorkspaceRequest sample() {
        WorkspaceRequest r = ConfigureFixture.sampleRequest();
        return initScriptOnly(r, r.configure().initScript());
    }

    private GlobalInitScriptDetailsWithContent read(ProvisionState state, String id) {
        return f.workspaceClient(state).globalInitScripts().get(id);
    }

    @Test
    void configure_sampleRequest_createsAnEnabledFirstScriptThatWritesCoreSiteWithTheRootBucketKey() {
        ProvisionState state = f.runningWorkspace(sample());

        List<Ref> refs = service.configure(state);

        assertThat(refs).hasSize(1);
        assertThat(refs.getFirst().kind()).isEqualTo("global-init-script");
        assertThat(refs.getFirst().name()).isEqualTo("dbxcp-sse-kms-core-site");
        assertThat(refs.getFirst().created()).isTrue();
        GlobalInitScriptDetailsWithContent s = read(state, refs.getFirst().id());
        assertThat(s.getEnabled()).isTrue();
        assertThat(s.getPosition()).isZero();
        assertThat(CoreSiteInitScript.decode(s.getScript())).isEqualTo(CoreSiteInitScript.forKey(ROOT_KEY))
                .contains("core-site.xml").contains("<value>SSE-KMS</value>").contains("<value>" + ROOT_KEY + "</value>");
    }

    @Test
    void configure_rerun_reusesTheScriptAndChangesNothing() {
        ProvisionState state = f.runningWorkspace(sample());
        Ref first = service.configure(state).getFirst();
        JsonNode before = f.objects();
        long seq = f.lastRequest();

        List<Ref> second = service.configure(state);

        assertThat(second).containsExactly(new Ref("global-init-script", first.id(), first.name(), false));
        assertThat(f.writesAfter(seq)).isEmpty();
        assertThat(f.objects()).isEqualTo(before);
    }

    @Test
    void configure_anotherRootBucketKey_updatesOurScriptInPlace() {
        ProvisionState state = f.runningWorkspace(sample());
        Ref first = service.configure(state).getFirst();
        ProvisionState rekeyed = ConfigureFixture.with(state, initScriptOnly(state.request(), new InitScript(OTHER_KEY, null)));

        List<Ref> refs = service.configure(rekeyed);

        assertThat(refs).containsExactly(new Ref("global-init-script", first.id(), first.name(), false));
        assertThat(CoreSiteInitScript.decode(read(state, first.id()).getScript())).contains(OTHER_KEY).doesNotContain(ROOT_KEY);
        assertThat(f.contents(state).path("global_init_scripts")).hasSize(1);
    }

    @Test
    void configure_ourScriptDisabledByHand_isEnabledAgain() {
        ProvisionState state = f.runningWorkspace(sample());
        Ref first = service.configure(state).getFirst();
        WorkspaceClient ws = f.workspaceClient(state);
        GlobalInitScriptDetailsWithContent s = read(state, first.id());
        ws.globalInitScripts().update(new GlobalInitScriptUpdateRequest().setScriptId(first.id()).setName(s.getName())
                .setScript(s.getScript()).setEnabled(false));

        assertThat(service.configure(state)).extracting(Ref::created).containsExactly(false);
        assertThat(read(state, first.id()).getEnabled()).isTrue();
    }

    @Test
    void configure_nameTakenBySomeoneElsesScript_isResourceConflictAndChangesNothing() {
        ProvisionState state = f.runningWorkspace(sample());
        String theirs = f.workspaceClient(state).globalInitScripts().create(new GlobalInitScriptCreateRequest()
                .setName("dbxcp-sse-kms-core-site").setScript(CoreSiteInitScript.base64("#!/bin/bash\necho theirs\n")).setEnabled(true))
                .getScriptId();
        JsonNode before = f.objects();

        assertThatThrownBy(() -> service.configure(state))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining(theirs)
                .hasMessageContaining("configure.initScript.name");
        assertThat(f.objects()).isEqualTo(before);
    }

    @Test
    void configure_nothingAsked_returnsNoRefAndCallsNoApi() {
        ProvisionState state = f.runningWorkspace(initScriptOnly(ConfigureFixture.sampleRequest(), null));
        long seq = f.lastRequest();

        assertThat(service.configure(state)).isEmpty();
        assertThat(emu.requests()).allMatch(e -> e.seq() <= seq);
    }

    @Test
    void configure_workspaceUnavailable_isTransient() {
        ProvisionState state = f.runningWorkspace(sample());
        f.unavailable("GET", "/api/2.0/global-init-scripts", -1);

        assertThatThrownBy(() -> service.configure(state)).isInstanceOf(TransientException.class).hasMessageContaining("503");
    }

    @Test
    void handleRequest_sampleState_returnsTheScriptRef() {
        ProvisionState state = f.runningWorkspace(sample());

        List<Ref> refs = ConfigureFixture.invoke(new ConfigureInitScriptHandler(service), state, "configure-init-script");

        assertThat(refs).extracting(Ref::kind, Ref::created).containsExactly(org.assertj.core.groups.Tuple.tuple("global-init-script", true));
    }
}
