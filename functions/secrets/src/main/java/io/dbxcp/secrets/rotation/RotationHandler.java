package io.dbxcp.secrets.rotation;

import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.SecretCredentialsReader;
import io.dbxcp.common.logging.Handlers;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.secrets.SecretsLogKeys;
import io.dbxcp.secrets.databricks.WorkspaceDirectory;
import io.dbxcp.secrets.store.SecretStore;
import io.dbxcp.secrets.sync.ScopeSyncService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The Secrets Manager rotation function of every secret of a dbxcp kind: Secrets Manager calls it
 * once per step with {@code {"SecretId", "ClientRequestToken", "Step"[, "RotationToken"]}}. See
 * {@link RotationService}.
 */
public final class RotationHandler extends JsonHandler<RotationEvent, RotationOutcome> {
    private final RotationService service;

    public RotationHandler() {
        this(fromEnv());
    }

    RotationHandler(RotationService service) {
        super(RotationEvent.class);
        this.service = service;
    }

    @Override
    protected Map<String, String> keys(RotationEvent event) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(SecretsLogKeys.SECRET_ID, event.secretId());
        keys.put(SecretsLogKeys.ROTATION_STEP, event.step());
        keys.put(SecretsLogKeys.VERSION_ID, event.clientRequestToken());
        return keys;
    }

    @Override
    protected RotationOutcome handle(RotationEvent event) {
        RotationOutcome outcome = service.rotate(event);
        Metrics metrics = Handlers.metrics();
        metrics.addDimension("Step", outcome.step());
        metrics.addMetric("SecretRotationSteps", 1, MetricUnit.COUNT);
        if ("FINISHED".equals(outcome.result())) metrics.addMetric("CredentialsRetired", outcome.retired().size(), MetricUnit.COUNT);
        return outcome;
    }

    private static RotationService fromEnv() {
        AwsSettings aws = AwsSettings.fromEnv();
        RotationSettings settings = RotationSettings.fromEnv();
        DatabricksClients clients = SecretCredentialsReader.clientsFromEnv(aws);
        WorkspaceDirectory directory = new WorkspaceDirectory(clients);
        SecretStore store = new SecretStore(AwsClients.build(SecretsManagerClient.builder(), aws));
        return new RotationService(store,
                List.of(new OAuthSecretRotator(clients, settings.spSecretLifetime()), new OboTokenRotator(directory, settings.oboTokenLifetime())),
                new ScopeSyncService(store, directory));
    }
}
