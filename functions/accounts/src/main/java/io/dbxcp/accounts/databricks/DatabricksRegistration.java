package io.dbxcp.accounts.databricks;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.LogType;
import com.databricks.sdk.service.provisioning.StorageConfiguration;
import io.dbxcp.accounts.model.LogDeliveryResult;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.accounts.model.Registration;
import io.dbxcp.common.databricks.AccountObjects;
import io.dbxcp.common.databricks.LogDeliveries;
import io.dbxcp.common.errors.PreconditionFailedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps RegisterCredentials, RegisterStorage and ConfigureLogDelivery: the account's objects in
 * Databricks, looked up by name first ({@link AccountObjects}, shared with provision-workspace).
 * Their names are provision-workspace's for a workspace named {@code <prefix>-<account id>} (the
 * name the workspace request template proposes), so provisioning that workspace reuses them.
 * Log delivery is account level: every workspace's billable usage and audit logs go to the log
 * bucket under the configured prefix ({@link LogDeliveries}, shared too).
 */
public final class DatabricksRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(DatabricksRegistration.class);
    private final AccountObjects objects;
    private final LogDeliveries deliveries;

    public DatabricksRegistration(Supplier<AccountClient> account) {
        this.objects = new AccountObjects(account);
        this.deliveries = new LogDeliveries(account);
    }

    /** The cross-account role as credentials; NotYetConsistentException while Databricks cannot assume it yet (IAM). */
    public Registration credentials(Plan p, String crossAccountRoleArn) {
        return of(objects.credentials(p.names().credentials(), crossAccountRoleArn,
                "delete them if no workspace uses them, or choose another NAME_PREFIX"));
    }

    public Registration storage(Plan p, String rootBucket) {
        return of(objects.storage(p.names().storageConfiguration(), rootBucket, "delete it if no workspace uses it, or choose another NAME_PREFIX"));
    }

    /**
     * Billable usage (CSV) and audit logs (JSON) of the whole Databricks account to the log bucket,
     * through the log delivery role. An enabled configuration that already delivers there is reused.
     * When the Databricks account already has the most enabled account-level configurations of a type
     * (2), nothing is disabled: the result says {@code LIMIT_REACHED} and names them.
     */
    public LogDeliveryResult logDelivery(Plan p, String logDeliveryRoleArn, String logBucket) {
        if (!p.options().logDelivery()) {
            return new LogDeliveryResult(LogDeliveryResult.OFF, null, null, List.of(), "ONBOARD_LOG_DELIVERY is false");
        }
        String hint = "delete it if no log delivery uses it, or choose another NAME_PREFIX";
        Registration credentials = of(objects.credentials(p.names().logDeliveryCredentials(), logDeliveryRoleArn, hint));
        List<StorageConfiguration> storages = objects.storageConfigurations();
        Registration storage = of(objects.storage(p.names().logDeliveryStorage(), logBucket, hint, storages));
        Map<String, String> bucketOf = new HashMap<>();
        storages.forEach(s -> bucketOf.put(s.getStorageConfigurationId(), AccountObjects.bucketOf(s)));
        bucketOf.put(storage.id(), logBucket);
        List<LogDeliveryConfiguration> all = deliveries.all();
        List<LogDeliveryResult.Delivery> made = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (LogType type : List.of(LogType.BILLABLE_USAGE, LogType.AUDIT_LOGS)) {
            String name = type == LogType.BILLABLE_USAGE ? p.names().billableUsageDelivery() : p.names().auditLogsDelivery();
            try {
                LogDeliveries.Delivery d = deliveries.ensure(new LogDeliveries.Target(name, type, credentials.id(), storage.id(), logBucket,
                        p.options().logPrefix(), null), all, bucketOf);
                made.add(new LogDeliveryResult.Delivery(type.name(), d.configId(), d.name(), d.outcome().name()));
            } catch (PreconditionFailedException limit) {
                LOG.warn("{} log delivery not configured: {}", type, limit.getMessage());
                refused.add(limit.getMessage());
            }
        }
        return refused.isEmpty()
                ? new LogDeliveryResult(LogDeliveryResult.CONFIGURED, credentials, storage, made, null)
                : new LogDeliveryResult(LogDeliveryResult.LIMIT_REACHED, credentials, storage, made, String.join(" ", refused));
    }

    private static Registration of(AccountObjects.Registered r) {
        return new Registration(r.kind(), r.id(), r.name(), r.created());
    }
}
