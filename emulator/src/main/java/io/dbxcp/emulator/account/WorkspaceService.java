package io.dbxcp.emulator.account;

import io.dbxcp.emulator.auth.AuthService;
import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.store.AccessToken;
import io.dbxcp.emulator.store.Cluster;
import io.dbxcp.emulator.store.CustomerManagedKey;
import io.dbxcp.emulator.store.InstancePool;
import io.dbxcp.emulator.store.JobRun;
import io.dbxcp.emulator.store.Network;
import io.dbxcp.emulator.store.PrivateAccessSettings;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Warehouse;
import io.dbxcp.emulator.store.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Workspaces: creation (PROVISIONING, then RUNNING or FAILED), and the rules of a PATCH with
 * {@code update_mask} on a RUNNING or a FAILED workspace.
 */
public final class WorkspaceService {
  public static final String UPDATE_MASK_REQUIRED = "Update mask must be specified";
  public static final String RUNNING_COMPUTE =
      "Please terminate all pool & cluster EC2 instances in your workspace subnets before attempting to update the workspace.";
  static final Set<String> PATCHABLE =
      Set.of(
          "credentials_id",
          "storage_configuration_id",
          "network_id",
          "private_access_settings_id",
          "managed_services_customer_managed_key_id",
          "storage_customer_managed_key_id",
          "custom_tags");
  private static final Pattern DEPLOYMENT = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

  private final Store store;
  private final ProvisioningService provisioning;

  public WorkspaceService(Store store, ProvisioningService provisioning) {
    this.store = store;
    this.provisioning = provisioning;
  }

  public Workspace create(Caller caller, Body b, Instant now) {
    String accountId = caller.accountId();
    String name = b.required("workspace_name");
    String region = b.required("aws_region");
    String credentialsId = b.required("credentials_id");
    String storageId = b.required("storage_configuration_id");
    for (Workspace w : store.workspacesOf(accountId)) {
      if (w.workspaceName.equals(name)) {
        throw ApiException.alreadyExists("Workspace with name '" + name + "' already exists.");
      }
    }
    String deployment = b.string("deployment_name");
    if (deployment == null) {
      deployment = "dbc-" + store.ids.hex(8) + "-" + store.ids.hex(4);
    } else if (!DEPLOYMENT.matcher(deployment).matches()) {
      throw ApiException.invalidParameter(
          "Invalid deployment_name '" + deployment + "': lower-case letters, digits and hyphens only.");
    }
    for (Workspace w : store.workspaces.values()) {
      if (deployment.equals(w.deploymentName)) {
        throw ApiException.alreadyExists("Deployment name '" + deployment + "' is already taken.");
      }
    }
    Workspace w = new Workspace();
    w.workspaceName = name;
    w.awsRegion = region;
    w.deploymentName = deployment;
    w.credentialsId = reference(accountId, "credentials_id", credentialsId);
    w.storageConfigurationId = reference(accountId, "storage_configuration_id", storageId);
    w.networkId = reference(accountId, "network_id", b.string("network_id"));
    w.privateAccessSettingsId = reference(accountId, "private_access_settings_id", b.string("private_access_settings_id"));
    w.managedServicesCustomerManagedKeyId =
        reference(accountId, "managed_services_customer_managed_key_id", b.string("managed_services_customer_managed_key_id"));
    w.storageCustomerManagedKeyId =
        reference(accountId, "storage_customer_managed_key_id", b.string("storage_customer_managed_key_id"));
    if (w.privateAccessSettingsId != null) {
      if (w.networkId == null) {
        throw ApiException.invalidParameter(
            "private_access_settings_id needs a customer-managed VPC: set network_id as well.");
      }
      checkRegion(accountId, w.privateAccessSettingsId, region);
    }
    w.customTags = b.stringMap("custom_tags");
    w.pricingTier = b.has("pricing_tier") ? b.string("pricing_tier") : "PREMIUM";
    w.accountId = accountId;
    w.workspaceId = store.ids.workspaceId();
    w.creationTime = now.toEpochMilli();
    w.workspaceStatus = Workspace.PROVISIONING;
    w.workspaceStatusMessage = "Workspace resources are being set up.";
    scheduleSettle(w, now, store.knobs.provisioningTime, Workspace.RUNNING, "Workspace is running.");
    w.data.members.put(caller.principal().id, new LinkedHashSet<>(List.of(AuthService.ADMIN, AuthService.USER)));
    store.workspaces.put(w.workspaceId, w);
    return w;
  }

  /** Plans the end of a provisioning: the asked status, unless a scenario or the network fails it. */
  private void scheduleSettle(Workspace w, Instant now, Duration after, String status, String message) {
    w.settleAt = now.plus(after);
    w.settleStatus = status;
    w.settleMessage = message;
    String failure = store.knobs.failingWorkspaces.remove(w.workspaceName);
    Network n = w.networkId == null ? null : store.networks.get(w.networkId);
    if (failure == null && n != null && "BROKEN".equals(n.vpcStatus)) {
      failure =
          "Network " + n.networkId + " failed validation: "
              + (n.errorMessages.isEmpty() ? "BROKEN" : n.errorMessages.get(0).errorMessage());
    }
    if (failure != null) {
      w.settleStatus = Workspace.FAILED;
      w.settleMessage = failure;
    }
  }

  /** Makes a workspace that is provisioning now end FAILED, or the next one created with that name. */
  public void failWorkspace(String name, String message) {
    for (Workspace w : store.workspaces.values()) {
      if (w.workspaceName.equals(name) && w.settleAt != null) {
        w.settleStatus = Workspace.FAILED;
        w.settleMessage = message;
        return;
      }
    }
    store.knobs.failingWorkspaces.put(name, message);
  }

  public Workspace get(String accountId, long id) {
    return store.workspace(accountId, id)
        .orElseThrow(() -> ApiException.doesNotExist("Workspace " + id + " does not exist."));
  }

  public List<Workspace> list(String accountId) {
    return store.workspacesOf(accountId);
  }

  public Workspace delete(String accountId, long id) {
    Workspace w = get(accountId, id);
    store.workspaces.remove(id);
    store.tokens.values().removeIf(t -> Objects.equals(t.workspaceId(), id) && t.kind() != AccessToken.Kind.OAUTH_ACCOUNT);
    Network n = w.networkId == null ? null : store.networks.get(w.networkId);
    if (n != null && Objects.equals(n.workspaceId, id)) {
      n.workspaceId = null;
      if (!"BROKEN".equals(n.vpcStatus)) {
        n.vpcStatus = "UNATTACHED";
      }
    }
    return w;
  }

  /** The PATCH rules. The body is the flat workspace holding only the fields in the mask. */
  public Workspace update(String accountId, long id, String updateMask, Body b, Instant now) {
    if (updateMask == null || updateMask.isBlank()) {
      throw ApiException.invalidParameter(UPDATE_MASK_REQUIRED);
    }
    Workspace w = get(accountId, id);
    Set<String> fields = new LinkedHashSet<>();
    for (String f : updateMask.split(",")) {
      String field = f.trim();
      if (field.isEmpty()) {
        continue;
      }
      if (!PATCHABLE.contains(field)) {
        throw ApiException.invalidParameter("Field '" + field + "' of update_mask cannot be updated.");
      }
      fields.add(field);
    }
    if (fields.isEmpty()) {
      throw ApiException.invalidParameter(UPDATE_MASK_REQUIRED);
    }
    boolean running = Workspace.RUNNING.equals(w.workspaceStatus);
    boolean failed = Workspace.FAILED.equals(w.workspaceStatus);
    if (!running && !failed) {
      throw ApiException.invalidState(
          "Workspace " + id + " is " + w.workspaceStatus + ": it can be updated when it is RUNNING or FAILED.");
    }
    if (!runningCompute(w).isEmpty()) {
      throw ApiException.invalidState(RUNNING_COMPUTE);
    }
    Workspace.Patchable before = w.patchable();
    String credentialsId = w.credentialsId;
    String storageId = w.storageConfigurationId;
    String networkId = w.networkId;
    String pasId = w.privateAccessSettingsId;
    String msKey = w.managedServicesCustomerManagedKeyId;
    String storageKey = w.storageCustomerManagedKeyId;
    Map<String, String> tags = w.customTags;
    for (String f : fields) {
      String v = "custom_tags".equals(f) ? null : b.string(f);
      switch (f) {
        case "credentials_id" -> {
          if (v == null) {
            throw ApiException.invalidParameter("credentials_id cannot be removed from a workspace.");
          }
          credentialsId = reference(accountId, f, v);
        }
        case "storage_configuration_id" -> {
          if (!Objects.equals(v, w.storageConfigurationId)) {
            if (!failed) {
              throw ApiException.invalidState(
                  "The storage configuration of workspace " + id + " can only be changed while it is FAILED.");
            }
            if (v == null) {
              throw ApiException.invalidParameter("storage_configuration_id cannot be removed from a workspace.");
            }
          }
          storageId = reference(accountId, f, v);
        }
        case "network_id" -> {
          if (!Objects.equals(v, w.networkId)) {
            if (v == null) {
              throw ApiException.invalidState("Workspace " + id + " cannot move back to a Databricks-managed VPC.");
            }
            if (running && !w.usesCustomerManagedVpc()) {
              throw ApiException.invalidState(
                  "Workspace " + id + " uses a Databricks-managed VPC: its network can only be set while it is FAILED.");
            }
          }
          networkId = reference(accountId, f, v);
        }
        case "private_access_settings_id" -> {
          if (v == null && w.privateAccessSettingsId != null) {
            throw ApiException.invalidState("Private access settings cannot be removed from workspace " + id + ".");
          }
          pasId = reference(accountId, f, v);
          if (pasId != null) {
            checkRegion(accountId, pasId, w.awsRegion);
          }
        }
        case "managed_services_customer_managed_key_id" -> {
          if (v == null && w.managedServicesCustomerManagedKeyId != null) {
            throw ApiException.invalidState("The managed services key of workspace " + id + " cannot be removed.");
          }
          msKey = reference(accountId, f, v);
        }
        case "storage_customer_managed_key_id" -> {
          if (!Objects.equals(v, w.storageCustomerManagedKeyId)) {
            if (v == null) {
              throw ApiException.invalidState("The storage key of workspace " + id + " cannot be removed.");
            }
            if (running && w.storageCustomerManagedKeyId != null) {
              throw ApiException.invalidState(
                  "Workspace " + id + " already has a storage customer-managed key: it can be added once, never replaced.");
            }
            if (failed && w.everRunning) {
              throw ApiException.invalidState(
                  "Workspace " + id + " has been RUNNING: a FAILED workspace that ran cannot get a storage key.");
            }
          }
          storageKey = reference(accountId, f, v);
        }
        case "custom_tags" -> tags = b.stringMap("custom_tags");
        default -> throw new IllegalStateException(f);
      }
    }
    if (pasId != null && networkId == null) {
      throw ApiException.invalidParameter("private_access_settings_id needs a customer-managed VPC: set network_id as well.");
    }
    w.credentialsId = credentialsId;
    w.storageConfigurationId = storageId;
    w.networkId = networkId;
    w.privateAccessSettingsId = pasId;
    w.managedServicesCustomerManagedKeyId = msKey;
    w.storageCustomerManagedKeyId = storageKey;
    w.customTags = tags;
    boolean revert =
        store.knobs.revertNextPatch.remove(String.valueOf(id)) | store.knobs.revertNextPatch.remove(w.workspaceName);
    Duration after = store.knobs.patchProvisioningTime;
    if (failed || !w.usesCustomerManagedVpc()) {
      w.workspaceStatus = Workspace.PROVISIONING;
      w.workspaceStatusMessage = "Workspace is being updated.";
      scheduleSettle(w, now, after, Workspace.RUNNING, "Workspace is running.");
    } else if (revert) {
      w.settleAt = now.plus(after);
      w.settleStatus = Workspace.RUNNING;
      w.settleMessage = w.workspaceStatusMessage;
    }
    w.revertTo = revert ? before : null;
    return w;
  }

  /** What runs EC2 instances in the workspace's subnets: clusters, pools, classic warehouses, job clusters. */
  public static List<String> runningCompute(Workspace w) {
    List<String> out = new ArrayList<>();
    for (Cluster c : w.data.clusters.values()) {
      if (c.isRunningCompute()) {
        out.add("cluster " + c.clusterId + " (" + c.state + ")");
      }
    }
    for (InstancePool p : w.data.pools.values()) {
      if (p.isRunningCompute()) {
        out.add("instance pool " + p.instancePoolId);
      }
    }
    for (Warehouse wh : w.data.warehouses.values()) {
      if (wh.isRunningCompute()) {
        out.add("SQL warehouse " + wh.id + " (" + wh.state + ")");
      }
    }
    for (JobRun r : w.data.runs.values()) {
      if (r.usesNewCluster && !"TERMINATED".equals(r.lifeCycleState)) {
        out.add("job run " + r.runId + " (" + r.lifeCycleState + ")");
      }
    }
    return out;
  }

  /** Checks that a referenced id exists (and, for keys, has the use case of the field). */
  private String reference(String accountId, String field, String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    try {
      switch (field) {
        case "credentials_id" -> provisioning.credential(accountId, id);
        case "storage_configuration_id" -> provisioning.storage(accountId, id);
        case "network_id" -> provisioning.network(accountId, id);
        case "private_access_settings_id" -> provisioning.privateAccess(accountId, id);
        case "managed_services_customer_managed_key_id" -> useCase(accountId, id, CustomerManagedKey.MANAGED_SERVICES, field);
        case "storage_customer_managed_key_id" -> useCase(accountId, id, CustomerManagedKey.STORAGE, field);
        default -> throw new IllegalArgumentException(field);
      }
    } catch (ApiException e) {
      if (e.status() == 404) {
        throw ApiException.invalidParameter("Invalid " + field + ": " + e.getMessage());
      }
      throw e;
    }
    return id;
  }

  private void useCase(String accountId, String keyId, String useCase, String field) {
    CustomerManagedKey k = provisioning.key(accountId, keyId);
    if (!k.useCases.contains(useCase)) {
      throw ApiException.invalidParameter(
          "Invalid " + field + ": key configuration " + keyId + " has use cases " + k.useCases + ", not " + useCase + ".");
    }
  }

  private void checkRegion(String accountId, String pasId, String region) {
    PrivateAccessSettings p = provisioning.privateAccess(accountId, pasId);
    if (!p.region.equals(region)) {
      throw ApiException.invalidParameter(
          "Private access settings " + pasId + " are for region " + p.region + ", the workspace is in " + region + ".");
    }
  }
}
