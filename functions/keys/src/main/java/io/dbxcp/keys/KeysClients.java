package io.dbxcp.keys;

import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.aws.CrossAccount;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.SecretCredentialsReader;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The clients a rotate-key handler builds once, from its environment, in its no-arg constructor:
 * nothing here calls the network (Databricks clients are built on first use; KMS clients per
 * account and region on first use, in another account through {@link CrossAccount}).
 */
public final class KeysClients {
    private final AwsSettings aws;
    private final CrossAccount accounts;
    private final DatabricksClients databricks;
    private final Map<String, KmsClient> kms = new ConcurrentHashMap<>();

    public KeysClients(AwsSettings aws, CrossAccount accounts, DatabricksClients databricks) {
        this.aws = aws;
        this.accounts = accounts;
        this.databricks = databricks;
    }

    public static KeysClients fromEnv() {
        AwsSettings aws = AwsSettings.fromEnv();
        return new KeysClients(aws, CrossAccount.fromEnv(aws), SecretCredentialsReader.clientsFromEnv(aws));
    }

    /** For steps that call AWS only: no Databricks configuration is read or needed. */
    public static KeysClients awsOnlyFromEnv() {
        AwsSettings aws = AwsSettings.fromEnv();
        return new KeysClients(aws, CrossAccount.fromEnv(aws), null);
    }

    public DatabricksClients databricks() {
        if (databricks == null) throw new IllegalStateException("this step was built without Databricks clients");
        return databricks;
    }

    /** A KMS client acting in the key's account, in the key's region. */
    public KmsClient kms(String accountId, String region) {
        return kms.computeIfAbsent(accountId + "/" + region, k -> {
            AwsSettings in = accounts.settingsFor(accountId);
            return AwsClients.build(KmsClient.builder(), new AwsSettings(Region.of(region), in.endpoint(), in.credentials(), in.httpTimeout()));
        });
    }
}
