package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A workspace. Its status moves lazily: a pending transition ({@link #settleAt}) is applied by
 * {@link Lifecycle} when any request or read sees that the emulator clock has passed it.
 */
public final class Workspace {
  public static final String PROVISIONING = "PROVISIONING";
  public static final String RUNNING = "RUNNING";
  public static final String FAILED = "FAILED";

  /** The fields a PATCH may change, as they were before it (for a silent revert). */
  public record Patchable(
      String credentialsId,
      String storageConfigurationId,
      String networkId,
      String privateAccessSettingsId,
      String managedServicesCustomerManagedKeyId,
      String storageCustomerManagedKeyId,
      Map<String, String> customTags) {}

  public long workspaceId;
  public String workspaceName;
  public String deploymentName;
  public String awsRegion;
  public String cloud = "aws";
  public String pricingTier;
  public String credentialsId;
  public String storageConfigurationId;
  public String networkId;
  public String privateAccessSettingsId;
  public String managedServicesCustomerManagedKeyId;
  public String storageCustomerManagedKeyId;
  public Map<String, String> customTags;
  public String workspaceStatus;
  public String workspaceStatusMessage;
  public long creationTime;
  public String accountId;

  /** When the pending transition applies, or null. */
  @JsonIgnore public Instant settleAt;
  @JsonIgnore public String settleStatus;
  @JsonIgnore public String settleMessage;
  /** The fields to restore when the pending transition applies (a PATCH that reverts silently). */
  @JsonIgnore public Patchable revertTo;
  @JsonIgnore public boolean everRunning;
  @JsonIgnore public Instant runningSince;
  @JsonIgnore public final WorkspaceData data = new WorkspaceData();

  @JsonIgnore
  public boolean usesCustomerManagedVpc() {
    return networkId != null;
  }

  public Patchable patchable() {
    return new Patchable(
        credentialsId,
        storageConfigurationId,
        networkId,
        privateAccessSettingsId,
        managedServicesCustomerManagedKeyId,
        storageCustomerManagedKeyId,
        customTags == null ? null : new LinkedHashMap<>(customTags));
  }

  public void restore(Patchable p) {
    credentialsId = p.credentialsId();
    storageConfigurationId = p.storageConfigurationId();
    networkId = p.networkId();
    privateAccessSettingsId = p.privateAccessSettingsId();
    managedServicesCustomerManagedKeyId = p.managedServicesCustomerManagedKeyId();
    storageCustomerManagedKeyId = p.storageCustomerManagedKeyId();
    customTags = p.customTags();
  }
}
