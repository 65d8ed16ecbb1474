package io.dbxcp.workspace.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.compute.AddInstanceProfile;
import com.databricks.sdk.service.compute.InstanceProfile;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.Configure;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InstanceProfilesServiceTest {
    static final String META = "arn:aws:iam::111122223333:instance-profile/databricks-meta";

    @RegisterExtension
    static DatabricksEmulatorExtension emu = ConfigureFixture.emulator();

    ConfigureFixture f;
    InstanceProfilesService service;

    @BeforeEach
    void setUp() {
        f = new ConfigureFixture(emu);
        service = new InstanceProfilesService(f.clients());
    }

    private static WorkspaceRequest profilesOnly(WorkspaceRequest r, List<WorkspaceRequest.InstanceProfile> profiles) {
        return ConfigureFixture.withConfigure(r, c -> new Configure(null, null, null, profiles, null, null, null, null));
    }

    private static WorkspaceRequest sample() {
        WorkspaceRequest r = ConfigureFixture.sampleRequest();
        return profilesOnly(r, r.configure().instanceProfiles());
    }

    private List<InstanceProfile> registered(ProvisionState state) {
        return StreamSupport.stream(f.workspaceClient(state).instanceProfiles().list().spliterator(), false).toList();
    }

    @Test
    void configure_sampleRequest_registersTheMetaInstanceProfile() {
        ProvisionState state = f.runningWorkspace(sample());

        List<Ref> refs = service.configure(state);

        assertThat(refs).containsExactly(new Ref("instance-profile", META, "databricks-meta", true));
        assertThat(registered(state)).singleElement().satisfies(p -> {
            assertThat(p.getInstanceProfileArn()).isEqualTo(META);
            assertThat(p.getIsMetaInstanceProfile()).isTrue();
        });
    }

    @Test
    void configure_rerun_reusesTheProfileAndChangesNothing() {
        ProvisionState state = f.runningWorkspace(sample());
        service.configure(state);
        JsonNode before = f.objects();
        long seq = f.lastRequest();

        assertThat(service.configure(state)).containsExactly(new Ref("instance-profile", META, "databricks-meta", false));
        assertThat(f.writesAfter(seq)).isEmpty();
        assertThat(f.objects()).isEqualTo(before);
    }

    @Test
    void configure_registeredWithOtherAttributes_isEditedToTheRequestAndReportedAsReused() {
        ProvisionState state = f.runningWorkspace(sample());
        f.workspaceClient(state).instanceProfiles().add(new AddInstanceProfile().setInstanceProfileArn(META).setSkipValidation(true)
                .setIamRoleArn("arn:aws:iam::111122223333:role/old-role"));

        assertThat(service.configure(state)).containsExactly(new Ref("instance-profile", META, "databricks-meta", false));
        assertThat(registered(state)).singleElement().satisfies(p -> {
            assertThat(p.getIsMetaInstanceProfile()).isTrue();
            assertThat(p.getIamRoleArn()).isNull();
        });
    }

    @Test
    void configure_nothingAsked_returnsNoRefAndCallsNoApi() {
        ProvisionState state = f.runningWorkspace(profilesOnly(ConfigureFixture.sampleRequest(), null));
        long seq = f.lastRequest();

        assertThat(service.configure(state)).isEmpty();
        assertThat(emu.requests()).allMatch(e -> e.seq() <= seq);
    }

    @Test
    void configure_addUnavailable_isTransient() {
        ProvisionState state = f.runningWorkspace(sample());
        f.unavailable("POST", "/api/2.0/instance-profiles/add", -1);

        assertThatThrownBy(() -> service.configure(state)).isInstanceOf(TransientException.class).hasMessageContaining(META);
    }

    @Test
    void handleRequest_sampleState_returnsTheProfileRef() {
        ProvisionState state = f.runningWorkspace(sample());

        assertThat(ConfigureFixture.invoke(new ConfigureInstanceProfilesHandler(service), state, "configure-instance-profiles"))
                .containsExactly(new Ref("instance-profile", META, "databricks-meta", true));
    }
}
