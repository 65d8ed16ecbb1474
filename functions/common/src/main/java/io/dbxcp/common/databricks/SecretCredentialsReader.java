package io.dbxcp.common.databricks;

import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;
import software.amazon.lambda.powertools.parameters.transform.Transformer;

/**
 * Reads the account admin's OAuth credentials from Secrets Manager through Powertools parameters,
 * cached for five minutes so a warm function does not call Secrets Manager on every invocation, and
 * so a rotated secret is picked up within minutes. The Secrets Manager client is built on first use.
 */
public final class SecretCredentialsReader implements Function<String, DatabricksClients.Credentials> {
    private final AwsSettings aws;
    private volatile SecretsProvider provider;

    public SecretCredentialsReader(AwsSettings aws) {
        this.aws = aws;
    }

    @Override
    public DatabricksClients.Credentials apply(String secretId) {
        SecretsProvider p = provider;
        if (p == null) {
            synchronized (this) {
                if (provider == null) {
                    provider = SecretsProvider.builder()
                            .withClient(AwsClients.build(SecretsManagerClient.builder(), aws))
                            .build();
                }
                p = provider;
            }
        }
        DatabricksClients.Credentials c = p.withMaxAge(5, ChronoUnit.MINUTES)
                .withTransformation(Transformer.json)
                .get(secretId, DatabricksClients.Credentials.class);
        if (c == null || c.clientId() == null || c.clientSecret() == null) {
            throw new IllegalStateException("secret " + secretId + " must hold a JSON object with client_id and client_secret");
        }
        return c;
    }

    /** Clients configured from the environment, reading the credentials secret when one is named. */
    public static DatabricksClients clientsFromEnv(AwsSettings aws) {
        return new DatabricksClients(DatabricksSettings.fromEnv(), new SecretCredentialsReader(aws));
    }
}
