package io.dbxcp.secrets.expiry;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.config.Env;
import io.dbxcp.common.databricks.SecretCredentialsReader;
import io.dbxcp.common.logging.Handlers;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.secrets.databricks.WorkspaceDirectory;
import io.dbxcp.secrets.store.SecretStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The scheduled expiry check (daily, EventBridge Scheduler): reports credentials that expire within
 * {@code EXPIRY_WARNING_DAYS} (default 14) as {@code Credential Expiring} events on {@code
 * EVENT_BUS_NAME}. The scheduler's event is not read. See {@link ExpiryCheckService}.
 */
public final class ExpiryCheckHandler extends JsonHandler<JsonNode, ExpiryReport> {
    private final ExpiryCheckService service;

    public ExpiryCheckHandler() {
        this(fromEnv());
    }

    ExpiryCheckHandler(ExpiryCheckService service) {
        super(JsonNode.class);
        this.service = service;
    }

    @Override
    protected Map<String, String> keys(JsonNode input) {
        return Map.of(LogKeys.WORKFLOW, "credential-expiry-check");
    }

    @Override
    protected ExpiryReport handle(JsonNode input) {
        ExpiryReport report = service.check();
        Metrics metrics = Handlers.metrics();
        metrics.addMetric("CredentialsChecked", report.checked(), MetricUnit.COUNT);
        metrics.addMetric("CredentialsExpiring", report.expiring().size(), MetricUnit.COUNT);
        metrics.addMetric("CredentialsUnreadable", report.unreadable().size(), MetricUnit.COUNT);
        return report;
    }

    private static ExpiryCheckService fromEnv() {
        Env.Reader env = Env.reader();
        String bus = env.required("EVENT_BUS_NAME");
        int days = env.integer("EXPIRY_WARNING_DAYS", 14, 1, 365);
        env.check();
        AwsSettings aws = AwsSettings.fromEnv();
        return new ExpiryCheckService(new SecretStore(AwsClients.build(SecretsManagerClient.builder(), aws)),
                new WorkspaceDirectory(SecretCredentialsReader.clientsFromEnv(aws)), AwsClients.build(EventBridgeClient.builder(), aws), bus,
                Duration.ofDays(days), Clock.systemUTC());
    }
}
