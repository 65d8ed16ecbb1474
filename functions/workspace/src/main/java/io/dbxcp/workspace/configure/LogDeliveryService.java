package io.dbxcp.workspace.configure;

import io.dbxcp.common.databricks.DatabricksErrors;
import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.billing.CreateLogDeliveryConfigurationParams;
import com.databricks.sdk.service.billing.ListLogDeliveryRequest;
import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.LogType;
import com.databricks.sdk.service.billing.OutputFormat;
import com.databricks.sdk.service.billing.UpdateLogDeliveryConfigurationStatusRequest;
import com.databricks.sdk.service.billing.WrappedCreateLogDeliveryConfiguration;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.Credential;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.StorageConfiguration;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4f: delivery of billable usage (BILLABLE_USAGE, CSV) and audit logs (AUDIT_LOGS, JSON) of
 * this workspace to {@code configure.logDelivery.bucket} under its {@code pathPrefix}.
 *
 * <ol>
 *   <li>A credentials configuration {@code <workspaceName>-log-delivery-credentials} for {@code
 *       roleArn} and a storage configuration {@code <workspaceName>-log-delivery-storage} for {@code
 *       bucket}: looked up by name, reused when they point at the same role and bucket, created when
 *       absent; a name that points elsewhere is a {@link ResourceConflictException}.
 *   <li>Per log type asked: an ENABLED configuration of that type and format whose bucket and prefix
 *       are the requested ones and that covers this workspace (its filter names it, or it has no
 *       filter) is reused, whoever made it. Otherwise, within the limits (at most 2 enabled
 *       configurations per log type naming a workspace; account-level ones without a filter have
 *       their own limit of 2, which a configuration made here never uses) a DISABLED configuration
 *       named {@code <workspaceName>-billable-usage} / {@code -audit-logs} with the same fields is
 *       enabled again (configurations cannot be deleted: an earlier compensation disabled it), or a
 *       new one of that name is created. At the limit: {@link PreconditionFailedException} naming
 *       the enabled configurations. An ENABLED configuration of our name with other fields is a
 *       {@link ResourceConflictException}.
 * </ol>
 *
 * Nothing is ever deleted. Refs: {@code credentials}, {@code storage-configuration}, and one {@code
 * log-delivery} per log type; created=true on a log-delivery Ref means this run created or enabled
 * it, and compensation disables it (there is no DELETE).
 */
public final class LogDeliveryService {
    static final int MAX_ENABLED_PER_WORKSPACE = 2;
    private static final Logger LOG = LoggerFactory.getLogger(LogDeliveryService.class);

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
        AccountClient account = clients.account();
        String workspaceName = request.workspaceName();
        long workspaceId = state.workspace().workspaceId();

        List<Ref> refs = new ArrayList<>();
        Ref credentials = credentials(account, credentialsName(workspaceName), asked.roleArn());
        refs.add(credentials);
        List<StorageConfiguration> storages = list("list storage configurations", () -> account.storage().list());
        Ref storage = storage(account, storages, storageName(workspaceName), asked.bucket());
        refs.add(storage);
        Map<String, String> bucketOf = new HashMap<>();
        storages.forEach(s -> bucketOf.put(s.getStorageConfigurationId(), bucket(s)));
        bucketOf.put(storage.id(), asked.bucket());

        List<LogDeliveryConfiguration> all = list("list log delivery configurations",
                () -> account.logDelivery().list(new ListLogDeliveryRequest()));
        Target target = new Target(workspaceName, workspaceId, credentials.id(), storage.id(), asked.bucket(), asked.pathPrefix());
        if (asked.billableUsage()) refs.add(delivery(account, all, bucketOf, target, LogType.BILLABLE_USAGE, OutputFormat.CSV));
        if (asked.auditLogs()) refs.add(delivery(account, all, bucketOf, target, LogType.AUDIT_LOGS, OutputFormat.JSON));
        return refs;
    }

    private record Target(String workspaceName, long workspaceId, String credentialsId, String storageId, String bucket, String prefix) {}

    private Ref credentials(AccountClient account, String name, String roleArn) {
        Optional<Credential> found = list("list credentials", () -> account.credentials().list()).stream()
                .filter(c -> name.equals(c.getCredentialsName())).findFirst();
        if (found.isEmpty()) {
            try {
                String id = DatabricksErrors.call("create credentials " + name, () -> account.credentials().create(new CreateCredentialRequest()
                        .setCredentialsName(name)
                        .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn(roleArn))))
                        .getCredentialsId());
                LOG.info("credentials configuration '{}' created: {}", name, id);
                return Ref.created(Kinds.CREDENTIALS, id, name);
            } catch (RuntimeException e) {
                if (!DatabricksErrors.isConflict(e)) throw e;
                found = list("list credentials", () -> account.credentials().list()).stream()
                        .filter(c -> name.equals(c.getCredentialsName())).findFirst();
                if (found.isEmpty()) throw e;
            }
        }
        Credential c = found.get();
        String present = c.getAwsCredentials() == null || c.getAwsCredentials().getStsRole() == null ? null
                : c.getAwsCredentials().getStsRole().getRoleArn();
        if (!roleArn.equals(present)) {
            throw new ResourceConflictException("credentials configuration '" + name + "' (" + c.getCredentialsId() + ") uses role "
                    + present + ", not " + roleArn + ": delete it if no log delivery uses it, or give the request that role");
        }
        LOG.info("credentials configuration '{}' reused: {}", name, c.getCredentialsId());
        return Ref.reused(Kinds.CREDENTIALS, c.getCredentialsId(), name);
    }

    private Ref storage(AccountClient account, List<StorageConfiguration> storages, String name, String bucket) {
        Optional<StorageConfiguration> found = storages.stream().filter(s -> name.equals(s.getStorageConfigurationName())).findFirst();
        if (found.isEmpty()) {
            try {
                String id = DatabricksErrors.call("create storage configuration " + name, () -> account.storage().create(
                        new CreateStorageConfigurationRequest()
                                .setStorageConfigurationName(name)
                                .setRootBucketInfo(new RootBucketInfo().setBucketName(bucket)))
                        .getStorageConfigurationId());
                LOG.info("storage configuration '{}' created: {}", name, id);
                return Ref.created(Kinds.STORAGE_CONFIGURATION, id, name);
            } catch (RuntimeException e) {
                if (!DatabricksErrors.isConflict(e)) throw e;
                found = list("list storage configurations", () -> account.storage().list()).stream()
                        .filter(s -> name.equals(s.getStorageConfigurationName())).findFirst();
                if (found.isEmpty()) throw e;
            }
        }
        StorageConfiguration s = found.get();
        if (!bucket.equals(bucket(s))) {
            throw new ResourceConflictException("storage configuration '" + name + "' (" + s.getStorageConfigurationId() + ") points at bucket "
                    + bucket(s) + ", not " + bucket + ": delete it if no log delivery uses it, or give the request that bucket");
        }
        LOG.info("storage configuration '{}' reused: {}", name, s.getStorageConfigurationId());
        return Ref.reused(Kinds.STORAGE_CONFIGURATION, s.getStorageConfigurationId(), name);
    }

    private Ref delivery(AccountClient account, List<LogDeliveryConfiguration> all, Map<String, String> bucketOf, Target t, LogType type,
                         OutputFormat format) {
        String name = configurationName(t.workspaceName(), type);
        List<LogDeliveryConfiguration> enabledOfType = all.stream()
                .filter(c -> c.getStatus() == LogDeliveryConfigStatus.ENABLED && c.getLogType() == type)
                .toList();
        Optional<LogDeliveryConfiguration> covering = enabledOfType.stream()
                .filter(c -> c.getOutputFormat() == format
                        && Objects.equals(c.getDeliveryPathPrefix(), t.prefix())
                        && t.bucket().equals(bucketOf.get(c.getStorageConfigurationId()))
                        && (filter(c).isEmpty() || filter(c).contains(t.workspaceId())))
                .findFirst();
        if (covering.isPresent()) {
            LogDeliveryConfiguration c = covering.get();
            LOG.info("{} log delivery reused: {} ({})", type, c.getConfigId(), c.getConfigName());
            return Ref.reused(Kinds.LOG_DELIVERY, c.getConfigId(), c.getConfigName() == null ? c.getConfigId() : c.getConfigName());
        }
        Optional<LogDeliveryConfiguration> ourNameEnabled = enabledOfType.stream().filter(c -> name.equals(c.getConfigName())).findFirst();
        if (ourNameEnabled.isPresent()) {
            throw new ResourceConflictException("log delivery configuration '" + name + "' (" + ourNameEnabled.get().getConfigId()
                    + ") is enabled with " + describe(ourNameEnabled.get(), bucketOf) + ", not bucket " + t.bucket() + " prefix " + t.prefix()
                    + " for workspace " + t.workspaceId() + ": disable it first (configurations cannot be deleted), or ask for its bucket and prefix");
        }
        List<LogDeliveryConfiguration> forWorkspace = enabledOfType.stream().filter(c -> filter(c).contains(t.workspaceId())).toList();
        if (forWorkspace.size() >= MAX_ENABLED_PER_WORKSPACE) {
            throw new PreconditionFailedException("workspace " + t.workspaceId() + " already has " + forWorkspace.size() + " enabled " + type
                    + " log delivery configurations, the most Databricks allows per workspace and log type: "
                    + forWorkspace.stream().map(c -> c.getConfigId() + " (" + c.getConfigName() + ", " + describe(c, bucketOf) + ")")
                            .collect(Collectors.joining("; "))
                    + ". Disable one of them, or ask for the bucket and prefix of one of them to reuse it"
                    + " (account-level configurations, without a workspace filter, are limited to 2 per log type as well)");
        }
        Optional<LogDeliveryConfiguration> disabled = all.stream()
                .filter(c -> c.getStatus() == LogDeliveryConfigStatus.DISABLED && name.equals(c.getConfigName()) && c.getLogType() == type
                        && c.getOutputFormat() == format && t.credentialsId().equals(c.getCredentialsId())
                        && t.storageId().equals(c.getStorageConfigurationId()) && Objects.equals(c.getDeliveryPathPrefix(), t.prefix())
                        && filter(c).equals(List.of(t.workspaceId())))
                .findFirst();
        if (disabled.isPresent()) {
            String id = disabled.get().getConfigId();
            DatabricksErrors.run("enable log delivery configuration " + id, () -> account.logDelivery().patchStatus(
                    new UpdateLogDeliveryConfigurationStatusRequest().setLogDeliveryConfigurationId(id).setStatus(LogDeliveryConfigStatus.ENABLED)));
            LOG.info("{} log delivery '{}' enabled again: {}", type, name, id);
            return Ref.created(Kinds.LOG_DELIVERY, id, name);
        }
        LogDeliveryConfiguration made = DatabricksErrors.call("create log delivery configuration " + name, () -> account.logDelivery().create(
                new WrappedCreateLogDeliveryConfiguration().setLogDeliveryConfiguration(new CreateLogDeliveryConfigurationParams()
                        .setConfigName(name)
                        .setLogType(type)
                        .setOutputFormat(format)
                        .setCredentialsId(t.credentialsId())
                        .setStorageConfigurationId(t.storageId())
                        .setDeliveryPathPrefix(t.prefix())
                        .setWorkspaceIdsFilter(List.of(t.workspaceId()))
                        .setStatus(LogDeliveryConfigStatus.ENABLED)))
                .getLogDeliveryConfiguration());
        LOG.info("{} log delivery '{}' created: {}", type, name, made.getConfigId());
        return Ref.created(Kinds.LOG_DELIVERY, made.getConfigId(), name);
    }

    private static List<Long> filter(LogDeliveryConfiguration c) {
        Collection<Long> ids = c.getWorkspaceIdsFilter();
        return ids == null ? List.of() : List.copyOf(ids);
    }

    private static String describe(LogDeliveryConfiguration c, Map<String, String> bucketOf) {
        return "bucket " + bucketOf.getOrDefault(c.getStorageConfigurationId(), "of storage configuration " + c.getStorageConfigurationId())
                + " prefix " + c.getDeliveryPathPrefix() + " workspaces " + (filter(c).isEmpty() ? "all" : filter(c));
    }

    private static String bucket(StorageConfiguration s) {
        return s.getRootBucketInfo() == null ? null : s.getRootBucketInfo().getBucketName();
    }

    private static <T> List<T> list(String what, Supplier<Iterable<T>> call) {
        return DatabricksErrors.call(what, () -> StreamSupport.stream(call.get().spliterator(), false).toList());
    }
}
