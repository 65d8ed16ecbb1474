package io.dbxcp.workspace.configure;

import io.dbxcp.common.databricks.OboToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.config.Env;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.common.json.Json;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.AutomationPrincipal;
import io.dbxcp.workspace.model.WorkspaceRequest.Configure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;

class AutomationPrincipalServiceTest {
    @RegisterExtension
    static DatabricksEmulatorExtension emu = ConfigureFixture.emulator();

    @RegisterExtension
    static MotoServer moto = MotoServer.shared();

    ConfigureFixture f;
    SecretsManagerClient secrets;
    AutomationPrincipalService service;

    @BeforeEach
    void setUp() {
        f = new ConfigureFixture(emu);
        secrets = AwsClients.build(SecretsManagerClient.builder(), moto.awsSettings());
        service = new AutomationPrincipalService(f.clients(), secrets, Clock.systemUTC());
    }

    @AfterEach
    void clearEnv() {
        Env.clearOverride();
    }

    private static WorkspaceRequest principalOnly(WorkspaceRequest r, AutomationPrincipal p) {
        return ConfigureFixture.withConfigure(r, c -> new Configure(null, null, null, null, p, null, null, null));
    }

    private static WorkspaceRequest sample() {
        WorkspaceRequest r = ConfigureFixture.sampleRequest();
        return principalOnly(r, r.configure().automationServicePrincipal());
    }

    private OboToken stored(ProvisionState state) {
        String text = secrets.getSecretValue(b -> b.secretId(AutomationPrincipalService.secretName(state.request().workspaceName())))
                .secretString();
        try {
            return Json.MAPPER.readValue(text, OboToken.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private String currentVersion(ProvisionState state) {
        return secrets.getSecretValue(b -> b.secretId(AutomationPrincipalService.secretName(state.request().workspaceName()))).versionId();
    }

    private JsonNode tokens(ProvisionState state) {
        return f.contents(state).path("tokens");
    }

    @Test
    void handleRequest_sampleRequest_makesThePrincipalAndKeepsAWorkingTokenInSecretsManagerThatNoLogLineShows() {
        ProvisionState state = f.runningWorkspace(sample());
        Map<String, String> env = new HashMap<>(moto.environment());
        env.putAll(emu.emulator().env());
        Env.override(env);
        List<Ref> refs;
        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            refs = ConfigureFixture.invoke(new ConfigureAutomationPrincipalHandler(), state, "configure-automation-principal");
            lines = logs.lines();
        }

        String secretName = "dbxcp/" + state.request().workspaceName() + "/automation-token";
        assertThat(refs).extracting(Ref::kind, Ref::name, Ref::created).containsExactly(
                tuple("service-principal", "analytics-prod-automation", true),
                tuple("workspace-assignment", "analytics-prod-automation", true),
                tuple("obo-token", "dbxcp automation token of workspace " + state.request().workspaceName(), true),
                tuple("secret", secretName, true));
        OboToken t = stored(state);
        ServicePrincipal sp = f.account.servicePrincipals().get(refs.getFirst().id());
        assertThat(t.applicationId()).isEqualTo(sp.getApplicationId());
        assertThat(t.tokenId()).isEqualTo(refs.get(2).id());
        assertThat(t.workspaceId()).isEqualTo(state.workspace().workspaceId());
        assertThat(t.host()).isEqualTo(state.workspace().url());
        assertThat(Instant.parse(t.expiryTime())).isBetween(Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(91)));
        DescribeSecretResponse d = secrets.describeSecret(b -> b.secretId(secretName));
        assertThat(d.arn()).isEqualTo(refs.get(3).id());
        assertThat(d.tags().stream().collect(Collectors.toMap(x -> x.key(), x -> x.value()))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "dbxcp:kind", "obo-token",
                "dbxcp:workspace-id", Long.toString(state.workspace().workspaceId()),
                "dbxcp:application-id", sp.getApplicationId()));
        WorkspaceClient asPrincipal = new WorkspaceClient(emu.workspaceConfig(state.workspace().workspaceId(), t.token()));
        assertThat(asPrincipal.currentUser().me(new com.databricks.sdk.service.iam.MeRequest()).getUserName()).isEqualTo(sp.getApplicationId());
        assertThat(lines).anyMatch(l -> l.contains("on-behalf-of token " + t.tokenId() + " created"));
        assertThat(lines).anyMatch(l -> l.contains("token-management/on-behalf-of/tokens")); // the SDK's own DEBUG lines were captured
        assertThat(lines).noneMatch(l -> l.contains(t.token()));
        assertThat(lines).noneMatch(l -> l.contains(emu.adminClientSecret()));
        assertThat(refs.toString()).doesNotContain(t.token());
    }

    @Test
    void configure_rerun_reusesPrincipalTokenAndSecretAndWritesNothing() {
        ProvisionState state = f.runningWorkspace(sample());
        List<Ref> first = service.configure(state);
        String version = currentVersion(state);
        JsonNode before = f.objects();
        long seq = f.lastRequest();

        List<Ref> second = service.configure(state);

        assertThat(second).extracting(Ref::id).isEqualTo(first.stream().map(Ref::id).toList());
        assertThat(second).noneMatch(Ref::created);
        assertThat(f.writesAfter(seq)).isEmpty();
        assertThat(f.objects()).isEqualTo(before);
        assertThat(currentVersion(state)).isEqualTo(version);
    }

    @Test
    void configure_storedTokenDeletedFromTheWorkspace_makesANewTokenAndGivesTheSecretANewVersion() {
        ProvisionState state = f.runningWorkspace(sample());
        List<Ref> first = service.configure(state);
        String oldToken = stored(state).token();
        f.workspaceClient(state).tokenManagement().delete(first.get(2).id());

        List<Ref> refs = service.configure(state);

        assertThat(refs).extracting(Ref::kind, Ref::created).containsExactly(
                tuple("service-principal", false), tuple("workspace-assignment", false), tuple("obo-token", true), tuple("secret", false));
        assertThat(refs.get(2).id()).isNotEqualTo(first.get(2).id());
        assertThat(refs.get(3).id()).isEqualTo(first.get(3).id());
        OboToken t = stored(state);
        assertThat(t.tokenId()).isEqualTo(refs.get(2).id());
        assertThat(t.token()).isNotEqualTo(oldToken);
        assertThat(tokens(state)).hasSize(1);
    }

    @Test
    void configure_storedTokenExpiresWithinADay_isReplacedAndTheOldOneLeftToExpire() {
        ProvisionState state = f.runningWorkspace(sample());
        List<Ref> first = service.configure(state);
        AutomationPrincipalService later = new AutomationPrincipalService(f.clients(), secrets,
                Clock.offset(Clock.systemUTC(), Duration.ofDays(90).minusHours(12)));

        List<Ref> refs = later.configure(state);

        assertThat(refs.get(2).created()).isTrue();
        assertThat(stored(state).tokenId()).isEqualTo(refs.get(2).id()).isNotEqualTo(first.get(2).id());
        assertThat(tokens(state)).hasSize(2);
    }

    @Test
    void configure_principalInTheAccountButNotInTheWorkspace_isReusedAndAssigned() {
        ProvisionState state = f.runningWorkspace(sample());
        ServicePrincipal sp = f.account.servicePrincipals().create(new ServicePrincipal().setDisplayName("analytics-prod-automation"));

        List<Ref> refs = service.configure(state);

        assertThat(refs.get(0)).isEqualTo(new Ref("service-principal", sp.getId(), "analytics-prod-automation", false));
        assertThat(refs.get(1).created()).isTrue();
        assertThat(f.contents(state).path("members").has(sp.getId())).isTrue();
    }

    @Test
    void configure_twoPrincipalsOfThatName_isResourceConflictBeforeAnyChange() {
        ProvisionState state = f.runningWorkspace(sample());
        ServicePrincipal a = f.account.servicePrincipals().create(new ServicePrincipal().setDisplayName("analytics-prod-automation"));
        ServicePrincipal b = f.account.servicePrincipals().create(new ServicePrincipal().setDisplayName("analytics-prod-automation"));
        long seq = f.lastRequest();

        assertThatThrownBy(() -> service.configure(state))
                .isInstanceOf(ResourceConflictException.class)
                .hasMessageContaining(a.getId())
                .hasMessageContaining(b.getId());
        assertThat(f.writesAfter(seq)).isEmpty();
    }

    @Test
    void configure_secretHoldsSomethingElse_isGivenANewValueWithoutLoggingTheOldOne() {
        ProvisionState state = f.runningWorkspace(sample());
        String name = AutomationPrincipalService.secretName(state.request().workspaceName());
        String arn = secrets.createSecret(b -> b.name(name).secretString("dapi-old-value-not-json")).arn();
        List<Ref> refs;
        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            refs = service.configure(state);
            lines = logs.lines();
        }

        assertThat(refs.get(3)).isEqualTo(new Ref("secret", arn, name, false));
        assertThat(stored(state).tokenId()).isEqualTo(refs.get(2).id());
        assertThat(secrets.describeSecret(b -> b.secretId(name)).tags()).extracting(x -> x.key())
                .contains("dbxcp:kind", "dbxcp:workspace-id", "dbxcp:application-id");
        assertThat(lines).noneMatch(l -> l.contains("dapi-old-value-not-json"));
    }

    @Test
    void configure_secretCannotBeCreated_deletesTheNewTokenAgainAndIsTransient() {
        ProvisionState state = f.runningWorkspace(sample());
        SecretsManagerClient failing = AwsClients.build(SecretsManagerClient.builder().overrideConfiguration(o -> o.addExecutionInterceptor(
                new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof CreateSecretRequest) {
                            // as the SDK reports a broken connection: an I/O error under a client exception
                            throw SdkClientException.create("injected: connection reset", new java.net.SocketException("Connection reset"));
                        }
                    }
                })), moto.awsSettings());

        assertThatThrownBy(() -> new AutomationPrincipalService(f.clients(), failing, Clock.systemUTC()).configure(state))
                .isInstanceOf(TransientException.class)
                .hasMessageContaining("create secret");
        assertThat(tokens(state)).isEmpty();
    }

    @Test
    void configure_tokenCreationUnavailable_isTransientAndStoresNothing() {
        ProvisionState state = f.runningWorkspace(sample());
        f.unavailable("POST", "/api/2.0/token-management/on-behalf-of/tokens", -1);

        assertThatThrownBy(() -> service.configure(state)).isInstanceOf(TransientException.class).hasMessageContaining("503");
        assertThat(secrets.listSecrets(b -> b.filters(x -> x.key("name").values(
                AutomationPrincipalService.secretName(state.request().workspaceName())))).secretList()).isEmpty();
    }

    @Test
    void configure_nothingAsked_callsNeitherDatabricksNorSecretsManager() {
        ProvisionState state = f.runningWorkspace(principalOnly(ConfigureFixture.sampleRequest(), null));
        long seq = f.lastRequest();

        assertThat(new AutomationPrincipalService(f.clients(), null, Clock.systemUTC()).configure(state)).isEmpty();
        assertThat(emu.requests()).allMatch(e -> e.seq() <= seq);
    }
}
