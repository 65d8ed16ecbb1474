package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.http.ErrorCode;
import io.dbxcp.emulator.store.LogDeliveryConfiguration;
import io.dbxcp.emulator.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Log delivery. No delete exists: a configuration is disabled. At most 2 enabled account-level
 * configurations (no workspace filter) per log type, and at most 2 enabled configurations per
 * workspace per log type; two enabled configurations may not share all their fields but the name.
 */
public final class LogDeliveryService {
  static final int MAX_ENABLED = 2;
  private static final Map<String, String> FORMAT_OF_TYPE = Map.of("BILLABLE_USAGE", "CSV", "AUDIT_LOGS", "JSON");

  private final Store store;
  private final ProvisioningService provisioning;

  public LogDeliveryService(Store store, ProvisioningService provisioning) {
    this.store = store;
    this.provisioning = provisioning;
  }

  public LogDeliveryConfiguration create(String accountId, Body wrapped, Instant now) {
    if (!wrapped.has("log_delivery_configuration")) {
      throw ApiException.missing("log_delivery_configuration");
    }
    Body b = wrapped.child("log_delivery_configuration");
    String logType = b.required("log_type");
    String format = b.required("output_format");
    String expected = FORMAT_OF_TYPE.get(logType);
    if (expected == null) {
      throw ApiException.invalidParameter("Invalid log_type " + logType + ": expected BILLABLE_USAGE or AUDIT_LOGS");
    }
    if (!expected.equals(format)) {
      throw ApiException.invalidParameter("Log type " + logType + " is delivered as " + expected + ", not " + format + ".");
    }
    String credentialsId = b.required("credentials_id");
    String storageId = b.required("storage_configuration_id");
    try {
      provisioning.credential(accountId, credentialsId);
      provisioning.storage(accountId, storageId);
    } catch (ApiException e) {
      throw ApiException.invalidParameter(e.getMessage());
    }
    List<Long> filter = b.longs("workspace_ids_filter");
    for (Long ws : filter) {
      if (store.workspace(accountId, ws).isEmpty()) {
        throw ApiException.invalidParameter("workspace_ids_filter: workspace " + ws + " does not exist.");
      }
    }
    String status = b.string("status") == null ? "ENABLED" : checkStatus(b.string("status"));
    LogDeliveryConfiguration c = new LogDeliveryConfiguration();
    c.configId = store.ids.uuid();
    c.configName = b.string("config_name");
    c.logType = logType;
    c.outputFormat = format;
    c.accountId = accountId;
    c.credentialsId = credentialsId;
    c.storageConfigurationId = storageId;
    c.workspaceIdsFilter = filter;
    c.deliveryPathPrefix = b.string("delivery_path_prefix");
    c.deliveryStartTime = b.string("delivery_start_time");
    c.status = status;
    c.creationTime = now.toEpochMilli();
    c.updateTime = c.creationTime;
    c.logDeliveryStatus =
        new LogDeliveryConfiguration.DeliveryStatus(
            "CREATED", "Log delivery configuration is created but no delivery attempt has been made yet.", null, null);
    if ("ENABLED".equals(status)) {
      checkLimits(c);
    }
    store.logDelivery.put(c.configId, c);
    return c;
  }

  public LogDeliveryConfiguration get(String accountId, String id) {
    return Store.inAccount(store.logDelivery, id, accountId, c -> c.accountId)
        .orElseThrow(() -> ApiException.doesNotExist("Log delivery configuration " + id + " does not exist."));
  }

  public List<LogDeliveryConfiguration> list(String accountId, String status, String credentialsId, String storageId) {
    return Store.ofAccount(store.logDelivery, accountId, c -> c.accountId).stream()
        .filter(c -> status == null || status.equals(c.status))
        .filter(c -> credentialsId == null || credentialsId.equals(c.credentialsId))
        .filter(c -> storageId == null || storageId.equals(c.storageConfigurationId))
        .toList();
  }

  public void patchStatus(String accountId, String id, Body b, Instant now) {
    LogDeliveryConfiguration c = get(accountId, id);
    String status = checkStatus(b.required("status"));
    if ("ENABLED".equals(status) && !"ENABLED".equals(c.status)) {
      checkLimits(c);
    }
    c.status = status;
    c.updateTime = now.toEpochMilli();
  }

  private static String checkStatus(String status) {
    if (!"ENABLED".equals(status) && !"DISABLED".equals(status)) {
      throw ApiException.invalidParameter("Invalid status " + status + ": expected ENABLED or DISABLED");
    }
    return status;
  }

  /** The limits on enabled configurations, checked before {@code c} becomes enabled. */
  private void checkLimits(LogDeliveryConfiguration c) {
    List<LogDeliveryConfiguration> enabled =
        Store.ofAccount(store.logDelivery, c.accountId, x -> x.accountId).stream()
            .filter(x -> x != c && "ENABLED".equals(x.status) && x.logType.equals(c.logType))
            .toList();
    for (LogDeliveryConfiguration x : enabled) {
      if (sameFields(x, c)) {
        throw ApiException.alreadyExists(
            "An enabled log delivery configuration with the same fields already exists: " + x.configId + ".");
      }
    }
    if (c.workspaceIdsFilter.isEmpty()) {
      long accountLevel = enabled.stream().filter(x -> x.workspaceIdsFilter.isEmpty()).count();
      if (accountLevel >= MAX_ENABLED) {
        throw ApiException.of(
            ErrorCode.RESOURCE_LIMIT_EXCEEDED,
            "An account can have at most " + MAX_ENABLED + " enabled account-level log delivery configurations of log type "
                + c.logType + ". Disable one before enabling another.");
      }
      return;
    }
    for (Long ws : c.workspaceIdsFilter) {
      long forWorkspace = enabled.stream().filter(x -> x.workspaceIdsFilter.contains(ws)).count();
      if (forWorkspace >= MAX_ENABLED) {
        throw ApiException.of(
            ErrorCode.RESOURCE_LIMIT_EXCEEDED,
            "Workspace " + ws + " already has " + MAX_ENABLED + " enabled log delivery configurations of log type "
                + c.logType + ". Disable one before enabling another.");
      }
    }
  }

  private static boolean sameFields(LogDeliveryConfiguration a, LogDeliveryConfiguration b) {
    return a.logType.equals(b.logType)
        && a.outputFormat.equals(b.outputFormat)
        && a.credentialsId.equals(b.credentialsId)
        && a.storageConfigurationId.equals(b.storageConfigurationId)
        && Objects.equals(a.deliveryPathPrefix, b.deliveryPathPrefix)
        && Objects.equals(a.deliveryStartTime, b.deliveryStartTime)
        && a.workspaceIdsFilter.stream().sorted().toList().equals(b.workspaceIdsFilter.stream().sorted().toList());
  }
}
