package io.dbxcp.local.offline.aws;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.oauth.OAuthM2MServicePrincipalCredentialsProvider;
import com.databricks.sdk.service.provisioning.CreateAwsKeyInfo;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateCustomerManagedKeyRequest;
import com.databricks.sdk.service.provisioning.CreateNetworkRequest;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.emulator.DatabricksEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Keys and workspaces for rotate-key runs, made in moto (KMS keys with the policy Databricks
 * documents, the workspaces' cross-account role) and in the Databricks emulator (credentials,
 * storage configuration, optionally a network, key configurations, workspaces using them), through
 * the real SDK clients. Used by {@link RotateKeyPreparer} for offline runs of the sample events and
 * by the end-to-end tests of functions/keys. Names get a suffix unique in the JVM.
 */
public final class KeyFixtures {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.nanoTime() % 46656, 36);

    private final WorkspaceRequestFixtures.Clients aws;
    private final AccountClient account;
    private final String region;
    private final String awsAccount;
    private final String databricksAccountId;
    private volatile String roleArn;

    public KeyFixtures(AwsSettings settings, DatabricksEmulator emulator, String region) {
        this.aws = WorkspaceRequestFixtures.Clients.of(settings, region);
        this.account = accountClient(emulator);
        this.region = region;
        this.awsAccount = aws.sts().getCallerIdentity().account();
        this.databricksAccountId = emulator.accountId();
    }

    /** An account admin's client of the emulator (its fake OAuth credentials). */
    public static AccountClient accountClient(DatabricksEmulator emu) {
        return new AccountClient(new DatabricksConfig().setHost(emu.baseUrl()).setAccountId(emu.accountId())
                .setClientId(emu.adminClientId()).setClientSecret(emu.adminClientSecret()).setAuthType("oauth-m2m")
                .setCredentialsProvider(new OAuthM2MServicePrincipalCredentialsProvider()).setHttpTimeoutSeconds(30));
    }

    public AccountClient account() {
        return account;
    }

    public KmsClient kms() {
        return aws.kms();
    }

    /** moto's AWS account. */
    public String awsAccount() {
        return awsAccount;
    }

    /** The cross-account role of the workspaces made here (one per fixtures instance), with Databricks' trust policy. */
    public String role() {
        if (roleArn == null) {
            synchronized (this) {
                if (roleArn == null) {
                    String name = "dbxcp-rotate-key-" + SEQUENCE.incrementAndGet() + "-" + RUN;
                    roleArn = aws.iam().createRole(b -> b.roleName(name).assumeRolePolicyDocument(WorkspaceRequestFixtures
                            .trustPolicy(WorkspaceRequestFixtures.DATABRICKS_AWS_ACCOUNT_ID, databricksAccountId))).role().arn();
                }
            }
        }
        return roleArn;
    }

    /** A symmetric key whose policy has every statement Databricks documents (managed services, storage, EBS for {@link #role}). */
    public String key(String description) {
        return aws.kms().createKey(b -> b.description(description).policy(WorkspaceRequestFixtures.keyPolicy(awsAccount, role())))
                .keyMetadata().arn();
    }

    /** A key policy that grants the account's administrators only: Databricks lost its statements. */
    public String policyWithoutDatabricks() {
        return """
                {"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}""".formatted(awsAccount);
    }

    public void putPolicy(String keyArn, String policy) {
        aws.kms().putKeyPolicy(b -> b.keyId(keyArn).policyName("default").policy(policy));
    }

    public void disable(String keyArn) {
        aws.kms().disableKey(b -> b.keyId(keyId(keyArn))); // moto answers 500 to DisableKey by ARN
    }

    /** Schedules the key's deletion; returns the deletion date KMS answers (ISO-8601). */
    public String scheduleDeletion(String keyArn, int days) {
        return aws.kms().scheduleKeyDeletion(b -> b.keyId(keyId(keyArn)).pendingWindowInDays(days)).deletionDate().toString();
    }

    private static String keyId(String keyArn) {
        return keyArn.substring(keyArn.lastIndexOf('/') + 1);
    }

    /** A key configuration of the key for one use case (storage keys are reused for EBS volumes). */
    public String keyConfiguration(String keyArn, KeyUseCase useCase) {
        CreateAwsKeyInfo info = new CreateAwsKeyInfo().setKeyArn(keyArn).setKeyRegion(region);
        if (useCase == KeyUseCase.STORAGE) info.setReuseKeyForClusterVolumes(true);
        return account.encryptionKeys().create(new CreateCustomerManagedKeyRequest().setUseCases(List.of(useCase)).setAwsKeyInfo(info))
                .getCustomerManagedKeyId();
    }

    /**
     * A RUNNING workspace with its own credentials (the {@link #role}) and storage configuration,
     * the given key configurations (null: none) and, with {@code customerManagedVpc}, a network.
     */
    public Workspace workspace(String name, String managedServicesKeyId, String storageKeyId, boolean customerManagedVpc) {
        String n = name + "-" + SEQUENCE.incrementAndGet() + "-" + RUN;
        String credentials = account.credentials().create(new CreateCredentialRequest().setCredentialsName(n + "-credentials")
                .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn(role()))))
                .getCredentialsId();
        String storage = account.storage().create(new CreateStorageConfigurationRequest().setStorageConfigurationName(n + "-storage")
                .setRootBucketInfo(new RootBucketInfo().setBucketName(n + "-root"))).getStorageConfigurationId();
        CreateWorkspaceRequest req = new CreateWorkspaceRequest().setWorkspaceName(n).setDeploymentName(n).setAwsRegion(region)
                .setCredentialsId(credentials).setStorageConfigurationId(storage)
                .setManagedServicesCustomerManagedKeyId(managedServicesKeyId).setStorageCustomerManagedKeyId(storageKeyId);
        if (customerManagedVpc) {
            int i = SEQUENCE.get() % 200;
            req.setNetworkId(account.networks().create(new CreateNetworkRequest().setNetworkName(n + "-network")
                    .setVpcId("vpc-0a1b2c3d4e5f" + String.format("%05d", i))
                    .setSubnetIds(List.of("subnet-0a1b2c3d4e5f0" + String.format("%04d", i), "subnet-0a1b2c3d4e5f1" + String.format("%04d", i)))
                    .setSecurityGroupIds(List.of("sg-0a1b2c3d4e5f6" + String.format("%04d", i)))).getNetworkId());
        }
        try {
            return account.workspaces().create(req).get(Duration.ofMinutes(2));
        } catch (TimeoutException e) {
            throw new IllegalStateException("workspace " + n + " did not run within 2 minutes", e);
        }
    }
}
