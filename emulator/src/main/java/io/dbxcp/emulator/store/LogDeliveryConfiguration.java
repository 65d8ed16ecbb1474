package io.dbxcp.emulator.store;

import java.util.ArrayList;
import java.util.List;

/** A log delivery configuration (billable usage or audit logs). It is never deleted, only disabled. */
public final class LogDeliveryConfiguration {
  /** {@code log_delivery_status}. */
  public record DeliveryStatus(String status, String message, String lastAttemptTime, String lastSuccessfulAttemptTime) {}

  public String configId;
  public String configName;
  /** BILLABLE_USAGE or AUDIT_LOGS. */
  public String logType;
  /** CSV (billable usage) or JSON (audit logs). */
  public String outputFormat;
  public String accountId;
  public String credentialsId;
  public String storageConfigurationId;
  public List<Long> workspaceIdsFilter = new ArrayList<>();
  public String deliveryPathPrefix;
  public String deliveryStartTime;
  /** ENABLED or DISABLED. */
  public String status;
  public long creationTime;
  public long updateTime;
  public DeliveryStatus logDeliveryStatus;
}
