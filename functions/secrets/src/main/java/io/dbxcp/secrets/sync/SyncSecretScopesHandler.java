package io.dbxcp.secrets.sync;

import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.databricks.SecretCredentialsReader;
import io.dbxcp.common.logging.Handlers;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.secrets.SecretsLogKeys;
import io.dbxcp.secrets.databricks.WorkspaceDirectory;
import io.dbxcp.secrets.model.SecretIds;
import io.dbxcp.secrets.store.SecretStore;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** Task "SyncScopes" of sync-secret-scopes: writes the secret's current value into its target scopes ({@link ScopeSyncService}). */
public final class SyncSecretScopesHandler extends JsonHandler<SyncRequest, SyncResult> {
    private final ScopeSyncService service;

    public SyncSecretScopesHandler() {
        this(fromEnv());
    }

    SyncSecretScopesHandler(ScopeSyncService service) {
        super(SyncRequest.class);
        this.service = service;
    }

    @Override
    protected Map<String, String> keys(SyncRequest input) {
        Map<String, String> keys = new HashMap<>();
        keys.put(SecretsLogKeys.SECRET_ID, input.secretId());
        return keys;
    }

    @Override
    protected SyncResult handle(SyncRequest input) {
        SyncResult result = service.sync(SecretIds.require("secretId", input.secretId()));
        Handlers.metrics().addMetric("SecretScopeKeysWritten", result.targets().size(), MetricUnit.COUNT);
        return result;
    }

    private static ScopeSyncService fromEnv() {
        AwsSettings aws = AwsSettings.fromEnv();
        return new ScopeSyncService(new SecretStore(AwsClients.build(SecretsManagerClient.builder(), aws)),
                new WorkspaceDirectory(SecretCredentialsReader.clientsFromEnv(aws)));
    }
}
