package io.dbxcp.common.databricks;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.billing.CreateLogDeliveryConfigurationParams;
import com.databricks.sdk.service.billing.ListLogDeliveryRequest;
import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.billing.LogDeliveryConfiguration;
import com.databricks.sdk.service.billing.LogType;
import com.databricks.sdk.service.billing.OutputFormat;
import com.databricks.sdk.service.billing.UpdateLogDeliveryConfigurationStatusRequest;
import com.databricks.sdk.service.billing.WrappedCreateLogDeliveryConfiguration;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.errors.ResourceConflictException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log delivery configuration (billable usage as CSV, or audit logs as JSON) to a bucket and
 * prefix, for one workspace or for the whole Databricks account (no workspace filter). Log delivery
 * configurations cannot be deleted, only disabled, and Databricks allows at most 2 enabled ones per
 * log type for each workspace and 2 enabled account-level ones per log type. So, in this order:
 * <ol>
 *   <li>an ENABLED configuration of the type and format that delivers to the same bucket and prefix
 *       and covers the target (account-level: has no filter; workspace: no filter, or a filter that
 *       names it) is reused, whoever made it;</li>
 *   <li>an ENABLED configuration of our name that delivers elsewhere is a {@link ResourceConflictException};</li>
 *   <li>at the limit, {@link PreconditionFailedException} naming the enabled configurations;</li>
 *   <li>a DISABLED configuration of our name with exactly these fields is enabled again (an earlier
 *       compensation disabled it);</li>
 *   <li>else a new one of our name is created, enabled (a create the SDK sent twice, refused as
 *       existing, finds the configuration the first one made).</li>
 * </ol>
 * Used by provision-workspace (per workspace) and onboard-account (account level).
 */
public final class LogDeliveries {
    /** Enabled configurations Databricks allows per log type, per workspace and at account level each. */
    public static final int MAX_ENABLED = 2;
    private static final Logger LOG = LoggerFactory.getLogger(LogDeliveries.class);

    /** How {@link #ensure} got the configuration. */
    public enum Outcome {
        REUSED, ENABLED_AGAIN, CREATED;

        /** Whether this run made it (created it or enabled it again): a compensation disables it. */
        public boolean madeByThisRun() {
            return this != REUSED;
        }
    }

    /**
     * What is asked.
     *
     * @param workspaceId the workspace whose logs are delivered; null for the whole account (no filter)
     */
    public record Target(String name, LogType type, String credentialsId, String storageConfigurationId, String bucket, String prefix,
                         Long workspaceId) {
        public boolean accountLevel() {
            return workspaceId == null;
        }
    }

    /** The configuration that serves the target. */
    public record Delivery(String configId, String name, LogType type, Outcome outcome) {}

    private final Supplier<AccountClient> account;

    public LogDeliveries(Supplier<AccountClient> account) {
        this.account = account;
    }

    public static OutputFormat formatOf(LogType type) {
        return type == LogType.BILLABLE_USAGE ? OutputFormat.CSV : OutputFormat.JSON;
    }

    /** Every log delivery configuration of the account, enabled or not. */
    public List<LogDeliveryConfiguration> all() {
        return AccountObjects.list("list log delivery configurations", () -> account.get().logDelivery().list(new ListLogDeliveryRequest()));
    }

    /**
     * Finds, enables again or creates the configuration for {@code t}.
     *
     * @param all      every configuration of the account ({@link #all()})
     * @param bucketOf the bucket of each storage configuration id (at least of those {@code all} names)
     */
    public Delivery ensure(Target t, List<LogDeliveryConfiguration> all, Map<String, String> bucketOf) {
        LogType type = t.type();
        OutputFormat format = formatOf(type);
        String name = t.name();
        List<LogDeliveryConfiguration> enabledOfType = all.stream()
                .filter(c -> c.getStatus() == LogDeliveryConfigStatus.ENABLED && c.getLogType() == type)
                .toList();
        Optional<LogDeliveryConfiguration> covering = enabledOfType.stream()
                .filter(c -> c.getOutputFormat() == format
                        && Objects.equals(c.getDeliveryPathPrefix(), t.prefix())
                        && t.bucket().equals(bucketOf.get(c.getStorageConfigurationId()))
                        && (filter(c).isEmpty() || (!t.accountLevel() && filter(c).contains(t.workspaceId()))))
                .findFirst();
        if (covering.isPresent()) {
            LogDeliveryConfiguration c = covering.get();
            LOG.info("{} log delivery reused: {} ({})", type, c.getConfigId(), c.getConfigName());
            return new Delivery(c.getConfigId(), c.getConfigName() == null ? c.getConfigId() : c.getConfigName(), type, Outcome.REUSED);
        }
        String scope = t.accountLevel() ? "the whole account" : "workspace " + t.workspaceId();
        Optional<LogDeliveryConfiguration> ourNameEnabled = enabledOfType.stream().filter(c -> name.equals(c.getConfigName())).findFirst();
        if (ourNameEnabled.isPresent()) {
            throw new ResourceConflictException("log delivery configuration '" + name + "' (" + ourNameEnabled.get().getConfigId()
                    + ") is enabled with " + describe(ourNameEnabled.get(), bucketOf) + ", not bucket " + t.bucket() + " prefix " + t.prefix()
                    + " for " + scope + ": disable it first (configurations cannot be deleted), or ask for its bucket and prefix");
        }
        List<LogDeliveryConfiguration> sameScope = enabledOfType.stream()
                .filter(c -> t.accountLevel() ? filter(c).isEmpty() : filter(c).contains(t.workspaceId())).toList();
        if (sameScope.size() >= MAX_ENABLED) {
            String enabled = sameScope.stream().map(c -> c.getConfigId() + " (" + c.getConfigName() + ", " + describe(c, bucketOf) + ")")
                    .collect(Collectors.joining("; "));
            throw new PreconditionFailedException(t.accountLevel()
                    ? "the Databricks account already has " + sameScope.size() + " enabled account-level " + type + " log delivery configurations,"
                            + " the most Databricks allows per log type: " + enabled + ". Disable one of them, or deliver to its bucket and prefix"
                    : "workspace " + t.workspaceId() + " already has " + sameScope.size() + " enabled " + type
                            + " log delivery configurations, the most Databricks allows per workspace and log type: " + enabled
                            + ". Disable one of them, or ask for the bucket and prefix of one of them to reuse it"
                            + " (account-level configurations, without a workspace filter, are limited to 2 per log type as well)");
        }
        List<Long> wantedFilter = t.accountLevel() ? List.of() : List.of(t.workspaceId());
        Optional<LogDeliveryConfiguration> disabled = all.stream()
                .filter(c -> c.getStatus() == LogDeliveryConfigStatus.DISABLED && exactly(c, t)).findFirst();
        if (disabled.isPresent()) {
            String id = disabled.get().getConfigId();
            DatabricksErrors.run("enable log delivery configuration " + id, () -> account.get().logDelivery().patchStatus(
                    new UpdateLogDeliveryConfigurationStatusRequest().setLogDeliveryConfigurationId(id).setStatus(LogDeliveryConfigStatus.ENABLED)));
            LOG.info("{} log delivery '{}' enabled again: {}", type, name, id);
            return new Delivery(id, name, type, Outcome.ENABLED_AGAIN);
        }
        LogDeliveryConfiguration made;
        try {
            made = DatabricksErrors.call("create log delivery configuration " + name, () -> account.get().logDelivery().create(
                    new WrappedCreateLogDeliveryConfiguration().setLogDeliveryConfiguration(new CreateLogDeliveryConfigurationParams()
                            .setConfigName(name)
                            .setLogType(type)
                            .setOutputFormat(format)
                            .setCredentialsId(t.credentialsId())
                            .setStorageConfigurationId(t.storageConfigurationId())
                            .setDeliveryPathPrefix(t.prefix())
                            .setWorkspaceIdsFilter(t.accountLevel() ? null : wantedFilter)
                            .setStatus(LogDeliveryConfigStatus.ENABLED)))
                    .getLogDeliveryConfiguration());
        } catch (RuntimeException e) {
            // "Already exists" right after a look-up that found none: the SDK sent our create again after
            // Databricks had made it and lost the answer. The configuration of our name and fields is ours.
            if (!DatabricksErrors.isConflict(e)) throw e;
            made = all().stream().filter(c -> c.getStatus() == LogDeliveryConfigStatus.ENABLED && exactly(c, t))
                    .findFirst().orElseThrow(() -> e);
            LOG.info("{} log delivery '{}': its create was sent twice; the first made {}", type, name, made.getConfigId());
        }
        LOG.info("{} log delivery '{}' created for {}: {}", type, name, scope, made.getConfigId());
        return new Delivery(made.getConfigId(), name, type, Outcome.CREATED);
    }

    /** Whether {@code c} is the configuration {@link #ensure} makes for {@code t}: our name, and every field as asked. */
    private static boolean exactly(LogDeliveryConfiguration c, Target t) {
        return t.name().equals(c.getConfigName()) && c.getLogType() == t.type() && c.getOutputFormat() == formatOf(t.type())
                && t.credentialsId().equals(c.getCredentialsId()) && t.storageConfigurationId().equals(c.getStorageConfigurationId())
                && Objects.equals(c.getDeliveryPathPrefix(), t.prefix())
                && filter(c).equals(t.accountLevel() ? List.of() : List.of(t.workspaceId()));
    }

    /** The workspace filter of a configuration; empty for an account-level one. */
    public static List<Long> filter(LogDeliveryConfiguration c) {
        Collection<Long> ids = c.getWorkspaceIdsFilter();
        return ids == null ? List.of() : List.copyOf(ids);
    }

    private static String describe(LogDeliveryConfiguration c, Map<String, String> bucketOf) {
        return "bucket " + bucketOf.getOrDefault(c.getStorageConfigurationId(), "of storage configuration " + c.getStorageConfigurationId())
                + " prefix " + c.getDeliveryPathPrefix() + " workspaces " + (filter(c).isEmpty() ? "all" : filter(c));
    }
}
