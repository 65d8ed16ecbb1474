package io.dbxcp.secrets;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.oauth.OAuthM2MServicePrincipalCredentialsProvider;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.DatabricksSettings;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import io.dbxcp.secrets.databricks.WorkspaceDirectory;
import io.dbxcp.secrets.rotation.RotationEvent;
import io.dbxcp.secrets.store.SecretStore;
import io.dbxcp.testsupport.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * What the tests of this module build: secrets in moto through the real AWS SDK, account objects and
 * workspaces in the Databricks emulator through the real Databricks SDK, and the module's own
 * clients pointed at both.
 *
 * <p>moto cannot run a Java rotation function. Its RotateSecret needs a function it knows, and then
 * only "invokes" it (with {@code lambda.use_docker=false} the invocation does nothing), creating the
 * AWSPENDING version and turning rotation on, exactly the state Secrets Manager is in when it calls
 * createSecret; the tests then call the handler for each step themselves.
 */
public final class Fixtures {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Map<URI, String> ROTATION_FUNCTIONS = new HashMap<>();

    public final MotoServer moto;
    public final DatabricksEmulatorExtension emu;
    public final SecretsManagerClient sm;
    public final SecretStore store;
    public final DatabricksClients clients;
    public final WorkspaceDirectory directory;
    public final AccountClient account;

    public Fixtures(MotoServer moto, DatabricksEmulatorExtension emu) {
        this.moto = moto;
        this.emu = emu;
        this.sm = AwsClients.build(SecretsManagerClient.builder(), moto.awsSettings());
        this.store = new SecretStore(sm);
        this.clients = emu == null ? null : new DatabricksClients(new DatabricksSettings(emu.baseUrl(), emu.accountId(), Optional.empty(),
                Optional.of(emu.adminClientId()), Optional.of(emu.adminClientSecret()), 30), id -> null);
        this.directory = clients == null ? null : new WorkspaceDirectory(clients);
        this.account = emu == null ? null : new AccountClient(emu.accountConfig());
    }

    public static String unique(String prefix) {
        return prefix + "-" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---------------------------------------------------------------- Secrets Manager (moto)

    /** The ARN of a function moto knows as a rotation function (it never runs). */
    /**
     * The environment of a local runner for the secrets workflows: moto, the emulator's account admin, and a
     * rotation function moto knows (for EnsureRotation's RotateSecret); {@code extra} wins.
     */
    public static Map<String, String> runnerEnvironment(MotoServer moto, DatabricksEmulatorExtension emu, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(moto.environment());
        env.put("DATABRICKS_HOST", emu.baseUrl());
        env.put("DATABRICKS_ACCOUNT_ID", emu.accountId());
        env.put("DATABRICKS_CLIENT_ID", emu.adminClientId());
        env.put("DATABRICKS_CLIENT_SECRET", emu.adminClientSecret());
        env.put("ROTATION_FUNCTION_ARN", rotationFunctionArn(moto));
        env.putAll(extra);
        return env;
    }

    public static synchronized String rotationFunctionArn(MotoServer moto) {
        return ROTATION_FUNCTIONS.computeIfAbsent(moto.endpoint(), endpoint -> {
            HttpClient http = HttpClient.newHttpClient();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/config"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"lambda\": {\"use_docker\": false}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() / 100 != 2) throw new IllegalStateException("moto config: " + r.statusCode());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try (IamClient iam = AwsClients.build(IamClient.builder().region(software.amazon.awssdk.regions.Region.AWS_GLOBAL), moto.awsSettings());
                 LambdaClient lambda = AwsClients.build(LambdaClient.builder(), moto.awsSettings())) {
                String role = iam.createRole(b -> b.roleName(unique("rotation-role")).assumeRolePolicyDocument("{}")).role().arn();
                return lambda.createFunction(b -> b.functionName(unique("rotation")).runtime(Runtime.JAVA21).role(role)
                        .handler("io.dbxcp.secrets.rotation.RotationHandler::handleRequest")
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(emptyZip())))).functionArn();
            }
        });
    }

    public String createSecret(String name, String value, Map<String, String> tags) {
        return sm.createSecret(b -> b.name(name).secretString(value)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())).arn();
    }

    /** Starts a rotation as Secrets Manager does before it calls createSecret: a new AWSPENDING version, rotation on. */
    public String startRotation(String arn) {
        String token = UUID.randomUUID().toString();
        sm.rotateSecret(b -> b.secretId(arn).clientRequestToken(token).rotationLambdaARN(rotationFunctionArn(moto))
                .rotationRules(r -> r.automaticallyAfterDays(30L)).rotateImmediately(true));
        return token;
    }

    public Map<String, List<String>> stages(String arn) {
        return sm.describeSecret(b -> b.secretId(arn)).versionIdsToStages();
    }

    /** The value of the version holding {@code stage}, if any. */
    public Optional<String> valueAt(String arn, String stage) {
        try {
            return Optional.ofNullable(sm.getSecretValue(b -> b.secretId(arn).versionStage(stage)).secretString());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    public Optional<String> valueOf(String arn, String versionId) {
        try {
            return Optional.ofNullable(sm.getSecretValue(b -> b.secretId(arn).versionId(versionId)).secretString());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    public static RotationEvent event(String arn, String token, String step) {
        return new RotationEvent(arn, token, step, null);
    }

    // ---------------------------------------------------------------- Databricks (emulator)

    public Workspace workspace() {
        String name = unique("ws");
        String credentials = account.credentials().create(new CreateCredentialRequest().setCredentialsName(name + "-cred")
                .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole()
                        .setRoleArn("arn:aws:iam::123456789012:role/" + name)))).getCredentialsId();
        String storage = account.storage().create(new CreateStorageConfigurationRequest().setStorageConfigurationName(name + "-storage")
                .setRootBucketInfo(new RootBucketInfo().setBucketName(name + "-root"))).getStorageConfigurationId();
        try {
            return account.workspaces().create(new CreateWorkspaceRequest().setWorkspaceName(name).setAwsRegion("us-east-1")
                    .setCredentialsId(credentials).setStorageConfigurationId(storage)).get(Duration.ofSeconds(20));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    public ServicePrincipal principal(String displayName) {
        return account.servicePrincipals().create(new ServicePrincipal().setDisplayName(displayName).setActive(true));
    }

    /** The principal may use the workspace (as the provisioning workflow assigns the automation principal). */
    public void assign(long workspaceId, ServicePrincipal sp) {
        account.workspaceAssignment().update(new UpdateWorkspaceAssignments().setWorkspaceId(workspaceId)
                .setPrincipalId(Long.parseLong(sp.getId())).setPermissions(List.of(WorkspacePermission.USER)));
    }

    public WorkspaceClient adminWorkspace(long workspaceId) {
        return directory.admin(workspaceId);
    }

    /** Whether the client id and secret obtain a token from the account token endpoint. */
    public boolean oauthWorks(String clientId, String clientSecret) {
        try {
            new DatabricksConfig().setHost(emu.baseUrl()).setAccountId(emu.accountId()).setClientId(clientId).setClientSecret(clientSecret)
                    .setAuthType("oauth-m2m").setCredentialsProvider(new OAuthM2MServicePrincipalCredentialsProvider())
                    .setHttpTimeoutSeconds(10).resolve().authenticate();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether a workspace API call as this token succeeds. */
    public boolean patWorks(long workspaceId, String token) {
        try {
            new WorkspaceClient(emu.workspaceConfig(workspaceId, token)).currentUser().me(new MeRequest());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] emptyZip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README"));
            zip.write("never run".getBytes());
            zip.closeEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }
}
