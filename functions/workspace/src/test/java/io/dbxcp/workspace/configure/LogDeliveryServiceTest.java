package io.dbxcp.workspace.configure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.databricks.sdk.service.billing.CreateLogDeliveryConfigurationParams;
import com.databricks.sdk.service.billing.GetLogDeliveryRequest;
import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.LogType;
import com.databricks.sdk.service.billing.OutputFormat;
import com.databricks.sdk.service.billing.UpdateLogDeliveryConfigurationStatusRequest;
import com.databricks.sdk.service.billing.WrappedCreateLogDeliveryConfiguration;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.Configure;
import io.dbxcp.workspace.model.WorkspaceRequest.LogDelivery;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LogDeliveryServiceTest {
    static final String ROLE = "arn:aws:iam::111122223333:role/databricks-log-delivery";
    static final String BUCKET = "analytics-prod-databricks-logs";
    static final String PREFIX = "databricks-logs/analytics-prod";

    @RegisterExtension
    static DatabricksEmulatorExtension emu = ConfigureFixture.emulator();

    ConfigureFixture f;
    LogDeliveryService service;

    @BeforeEach
    void setUp() {
        f = new ConfigureFixture(emu);
        service = new LogDeliveryService(f.clients());
    }

    private static WorkspaceRequest logsOnly(WorkspaceRequest r, LogDelivery logs) {
        return ConfigureFixture.withConfigure(r, c -> new Configure(null, null, null, null, null, logs, null, null));
    }

    private static WorkspaceRequest sample() {
        WorkspaceRequest r = ConfigureFixture.sampleRequest();
        return logsOnly(r, r.configure().logDelivery());
    }

    private LogDeliveryConfiguration config(String id) {
        return f.account.logDelivery().get(new GetLogDeliveryRequest().setLogDeliveryConfigurationId(id)).getLogDeliveryConfiguration();
    }

    private String credentials(String name, String role) {
        return f.account.credentials().create(new CreateCredentialRequest().setCredentialsName(name)
                .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn(role))))
                .getCredentialsId();
    }

    private String storage(String name, String bucket) {
        return f.account.storage().create(new CreateStorageConfigurationRequest().setStorageConfigurationName(name)
                .setRootBucketInfo(new RootBucketInfo().setBucketName(bucket))).getStorageConfigurationId();
    }

    private LogDeliveryConfiguration create(String name, LogType type, String credentialsId, String storageId, String prefix, List<Long> workspaces) {
        return f.account.logDelivery().create(new WrappedCreateLogDeliveryConfiguration().setLogDeliveryConfiguration(
                new CreateLogDeliveryConfigurationParams().setConfigName(name).setLogType(type)
                        .setOutputFormat(type == LogType.BILLABLE_USAGE ? OutputFormat.CSV : OutputFormat.JSON)
                        .setCredentialsId(credentialsId).setStorageConfigurationId(storageId).setDeliveryPathPrefix(prefix)
                        .setWorkspaceIdsFilter(workspaces))).getLogDeliveryConfiguration();
    }

    @Test
    void configure_sampleRequest_registersRoleAndBucketAndDeliversBothLogTypesForThisWorkspace() {
        ProvisionState state = f.runningWorkspace(sample());
        String ws = state.request().workspaceName();

        List<Ref> refs = service.configure(state);

        assertThat(refs).extracting(Ref::kind, Ref::name, Ref::created).containsExactly(
                tuple("credentials", ws + "-log-delivery-credentials", true),
                tuple("storage-configuration", ws + "-log-delivery-storage", true),
                tuple("log-delivery", ws + "-billable-usage", true),
                tuple("log-delivery", ws + "-audit-logs", true));
        assertThat(f.account.credentials().get(refs.get(0).id()).getAwsCredentials().getStsRole().getRoleArn()).isEqualTo(ROLE);
        assertThat(f.account.storage().get(refs.get(1).id()).getRootBucketInfo().getBucketName()).isEqualTo(BUCKET);
        LogDeliveryConfiguration usage = config(refs.get(2).id());
        assertThat(usage.getLogType()).isEqualTo(LogType.BILLABLE_USAGE);
        assertThat(usage.getOutputFormat()).isEqualTo(OutputFormat.CSV);
        assertThat(usage.getStatus()).isEqualTo(LogDeliveryConfigStatus.ENABLED);
        assertThat(usage.getDeliveryPathPrefix()).isEqualTo(PREFIX);
        assertThat(usage.getWorkspaceIdsFilter()).containsExactly(state.workspace().workspaceId());
        assertThat(usage.getCredentialsId()).isEqualTo(refs.get(0).id());
        assertThat(usage.getStorageConfigurationId()).isEqualTo(refs.get(1).id());
        LogDeliveryConfiguration audit = config(refs.get(3).id());
        assertThat(audit.getLogType()).isEqualTo(LogType.AUDIT_LOGS);
        assertThat(audit.getOutputFormat()).isEqualTo(OutputFormat.JSON);
        assertThat(audit.getWorkspaceIdsFilter()).containsExactly(state.workspace().workspaceId());
    }

    @Test
    void configure_rerun_reusesEverythingAndWritesNothing() {
        ProvisionState state = f.runningWorkspace(sample());
        List<Ref> first = service.configure(state);
        JsonNode before = f.objects();
        long seq = f.lastRequest();

        List<Ref> second = service.configure(state);

        assertThat(second).extracting(Ref::id).isEqualTo(first.stream().map(Ref::id).toList());
        assertThat(second).noneMatch(Ref::created);
        assertThat(f.writesAfter(seq)).isEmpty();
        assertThat(f.objects()).isEqualTo(before);
    }

    @Test
    void configure_accountLevelDeliveryToTheSameBucketAndPrefix_isReusedForThatLogType() {
        ProvisionState state = f.runningWorkspace(sample());
        LogDeliveryConfiguration accountWide = create("account-billing", LogType.BILLABLE_USAGE, credentials("org-logs", ROLE),
                storage("org-logs", BUCKET), PREFIX, List.of());

        List<Ref> refs = service.configure(state);

        assertThat(refs.get(2)).isEqualTo(new Ref("log-delivery", accountWide.getConfigId(), "account-billing", false));
        assertThat(refs.get(3).created()).isTrue();
    }

    @Test
    void configure_workspaceAtTheLimitOfEnabledDeliveries_failsNamingThemAndCreatesNoDelivery() {
        ProvisionState state = f.runningWorkspace(sample());
        long ws = state.workspace().workspaceId();
        String cred = credentials("other-logs", "arn:aws:iam::111122223333:role/other-logs");
        String store = storage("other-logs", "other-logs-bucket");
        LogDeliveryConfiguration a = create("team-a", LogType.BILLABLE_USAGE, cred, store, "team-a", List.of(ws));
        LogDeliveryConfiguration b = create("team-b", LogType.BILLABLE_USAGE, cred, store, "team-b", List.of(ws));
        long seq = f.lastRequest();

        assertThatThrownBy(() -> service.configure(state))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining(a.getConfigId())
                .hasMessageContaining(b.getConfigId())
                .hasMessageContaining("other-logs-bucket");
        assertThat(f.writesAfter(seq)).noneMatch(e -> e.path().endsWith("/log-delivery"));
    }

    @Test
    void configure_afterCompensationDisabledOurDeliveries_enablesTheSameConfigurationsAgain() {
        ProvisionState state = f.runningWorkspace(sample());
        List<Ref> first = service.configure(state);
        for (Ref r : first.subList(2, 4)) {
            f.account.logDelivery().patchStatus(new UpdateLogDeliveryConfigurationStatusRequest()
                    .setLogDeliveryConfigurationId(r.id()).setStatus(LogDeliveryConfigStatus.DISABLED));
        }

        List<Ref> refs = service.configure(state);

        assertThat(refs.subList(2, 4)).isEqualTo(first.subList(2, 4));
        assertThat(config(refs.get(2).id()).getStatus()).isEqualTo(LogDeliveryConfigStatus.ENABLED);
        assertThat(emu.state().path("log_delivery")).hasSize(2);
    }

    @Test
    void configure_ourCredentialsNameOnAnotherRole_isResourceConflict() {
        ProvisionState state = f.runningWorkspace(sample());
        credentials(state.request().workspaceName() + "-log-delivery-credentials", "arn:aws:iam::111122223333:role/someone-else");

        assertThatThrownBy(() -> service.configure(state))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("someone-else");
    }

    @Test
    void configure_ourDeliveryNameEnabledElsewhere_isResourceConflict() {
        ProvisionState state = f.runningWorkspace(sample());
        create(state.request().workspaceName() + "-billable-usage", LogType.BILLABLE_USAGE,
                credentials("x", ROLE), storage("x", "another-bucket"), PREFIX, List.of(state.workspace().workspaceId()));

        assertThatThrownBy(() -> service.configure(state))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining("another-bucket")
                .hasMessageContaining("disable it first");
    }

    @Test
    void configure_nothingAsked_returnsNoRefAndCallsNoApi() {
        ProvisionState state = f.runningWorkspace(logsOnly(ConfigureFixture.sampleRequest(),
                new LogDelivery(ROLE, BUCKET, null, false, false)));
        long seq = f.lastRequest();

        assertThat(service.configure(state)).isEmpty();
        assertThat(service.configure(ConfigureFixture.with(state, logsOnly(state.request(), null)))).isEmpty();
        assertThat(emu.requests()).allMatch(e -> e.seq() <= seq);
    }

    @Test
    void configure_onlyAuditLogsWithTheDefaultPrefix_deliversUnderDatabricksLogsWorkspaceName() {
        ProvisionState state = f.runningWorkspace(logsOnly(ConfigureFixture.sampleRequest(), new LogDelivery(ROLE, BUCKET, null, false, null)));

        List<Ref> refs = service.configure(state);

        assertThat(refs).extracting(Ref::kind).containsExactly("credentials", "storage-configuration", "log-delivery");
        assertThat(config(refs.get(2).id()).getDeliveryPathPrefix()).isEqualTo("databricks-logs/" + state.request().workspaceName());
        assertThat(config(refs.get(2).id()).getLogType()).isEqualTo(LogType.AUDIT_LOGS);
    }

    @Test
    void configure_accountApiUnavailable_isTransient() {
        ProvisionState state = f.runningWorkspace(sample());
        f.unavailable("GET", "/api/2.0/accounts/*/log-delivery", -1);

        assertThatThrownBy(() -> service.configure(state)).isInstanceOf(TransientException.class).hasMessageContaining("503");
    }

    @Test
    void handleRequest_sampleState_returnsTheRefs() {
        ProvisionState state = f.runningWorkspace(sample());

        assertThat(ConfigureFixture.invoke(new ConfigureLogDeliveryHandler(service), state, "configure-log-delivery"))
                .extracting(Ref::kind).containsExactly("credentials", "storage-configuration", "log-delivery", "log-delivery");
    }
}
