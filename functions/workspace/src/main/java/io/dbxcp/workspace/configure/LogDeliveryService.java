package io.dbxcp.workspace.configure;

import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.LogType;
import com.databricks.sdk.service.provisioning.StorageConfiguration;
import io.dbxcp.common.databricks.AccountObjects;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.LogDeliveries;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 4f: delivery of billable usage (BILLABLE_USAGE, CSV) and audit logs (AUDIT_LOGS, JSON) of
 * this workspace to {@code configure.logDelivery.bucket} under its {@code pathPrefix}.
 *
 * <ol>
 *   <li>A credentials configuration {@code <workspaceName>-log-delivery-credentials} for {@code
 *       roleArn} and a storage configuration {@code <workspaceName>-log-delivery-storage} for {@code
 *       bucket}: looked up by name, reused when they point at the same role and bucket, created when
 *       absent; a name that points elsewhere is a {@link io.dbxcp.common.errors.ResourceConflictException}.
 *   <li>Per log type asked: an ENABLED configuration of that type and format whose bucket and prefix
 *       are the requested ones and that covers this workspace (its filter names it, or it has no
 *       filter) is reused, whoever made it. Otherwise, within the limits (at most 2 enabled
 *       configurations per log type naming a workspace; account-level ones without a filter have
 *       their own limit of 2, which a configuration made here never uses) a DISABLED configuration
 *       named {@code <workspaceName>-billable-usage} / {@code -audit-logs} with the same fields is
 *       enabled again (configurations cannot be deleted: an earlier compensation disabled it), or a
 *       new one of that name is created. At the limit: {@link io.dbxcp.common.errors.PreconditionFailedException} naming
 *       the enabled configurations. An ENABLED configuration of our name with other fields is a
 *       {@link io.dbxcp.common.errors.ResourceConflictException}.
 * </ol>
 *
 * Nothing is ever deleted. Refs: {@code credentials}, {@code storage-configuration}, and one {@code
 * log-delivery} per log type; created=true on a log-delivery Ref means this run created or enabled
 * it, and compensation disables it (there is no DELETE). The look-ups and rules are shared with
 * onboard-account: {@link AccountObjects} and {@link LogDeliveries} in common.
 */
public final class LogDeliveryService {
    private final DatabricksClients clients;

    public LogDeliveryService(DatabricksClients clients) {
        this.clients = clients;
    }

    public static String credentialsName(String workspaceName) {
        return workspaceName + "-log-delivery-credentials";
    }

    public static String storageName(String workspaceName) {
        return workspaceName + "-log-delivery-storage";
    }

    public static String configurationName(String workspaceName, LogType type) {
        return workspaceName + (type == LogType.BILLABLE_USAGE ? "-billable-usage" : "-audit-logs");
    }

    public List<Ref> configure(ProvisionState state) {
        WorkspaceRequest request = state.request().withDefaults();
        WorkspaceRequest.LogDelivery asked = request.configure() == null ? null : request.configure().logDelivery();
        if (asked == null || (!asked.billableUsage() && !asked.auditLogs())) return List.of();
        AccountObjects objects = new AccountObjects(clients::account);
        LogDeliveries deliveries = new LogDeliveries(clients::account);
        String workspaceName = request.workspaceName();
        long workspaceId = state.workspace().workspaceId();
        String hint = "delete it if no log delivery uses it, or give the request that ";

        List<Ref> refs = new ArrayList<>();
        Ref credentials = ref(objects.credentials(credentialsName(workspaceName), asked.roleArn(), hint + "role"));
        refs.add(credentials);
        List<StorageConfiguration> storages = objects.storageConfigurations();
        Ref storage = ref(objects.storage(storageName(workspaceName), asked.bucket(), hint + "bucket", storages));
        refs.add(storage);
        Map<String, String> bucketOf = new HashMap<>();
        storages.forEach(s -> bucketOf.put(s.getStorageConfigurationId(), AccountObjects.bucketOf(s)));
        bucketOf.put(storage.id(), asked.bucket());

        List<LogDeliveryConfiguration> all = deliveries.all();
        for (LogType type : List.of(LogType.BILLABLE_USAGE, LogType.AUDIT_LOGS)) {
            if (type == LogType.BILLABLE_USAGE ? !asked.billableUsage() : !asked.auditLogs()) continue;
            LogDeliveries.Delivery d = deliveries.ensure(new LogDeliveries.Target(configurationName(workspaceName, type), type,
                    credentials.id(), storage.id(), asked.bucket(), asked.pathPrefix(), workspaceId), all, bucketOf);
            refs.add(new Ref(Kinds.LOG_DELIVERY, d.configId(), d.name(), d.outcome().madeByThisRun()));
        }
        return refs;
    }

    private static Ref ref(AccountObjects.Registered r) {
        return new Ref(r.kind(), r.id(), r.name(), r.created());
    }
}
