package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.store.Credential;
import io.dbxcp.emulator.store.CustomerManagedKey;
import io.dbxcp.emulator.store.Network;
import io.dbxcp.emulator.store.PrivateAccessSettings;
import io.dbxcp.emulator.store.StorageConfiguration;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.VpcEndpoint;
import io.dbxcp.emulator.store.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules of the account's building blocks: credentials, storage configurations, networks,
 * private access settings, VPC endpoints and customer-managed keys. Names that Databricks keeps
 * unique are unique per account; referenced ids must exist; what a workspace uses cannot be deleted.
 */
public final class ProvisioningService {
  static final Pattern ROLE_ARN = Pattern.compile("^arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]+$");
  static final Pattern KEY_ARN = Pattern.compile("^arn:aws(-[a-z]+)*:kms:([a-z0-9-]+):\\d{12}:key/[\\w-]+$");
  static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
  static final Pattern VPCE = Pattern.compile("^vpce-[0-9a-f]{8,17}$");
  /** The checks Databricks lists when it cannot assume the role (IAM eventual consistency). */
  public static final String FAILED_CREDENTIALS_VALIDATION =
      "Failed credentials validation checks: Spot Cancellation, Delete Tags, Describe Availability Zones, "
          + "Describe instances, Describe Instance Status, Describe Route Tables, Describe Security Groups, "
          + "Describe Spot Instances, Describe Spot Price History, Describe Subnets, Describe Volumes, "
          + "Describe Vpcs, Request Spot Instances";

  private final Store store;

  public ProvisioningService(Store store) {
    this.store = store;
  }

  // ---------------------------------------------------------------- credentials

  public Credential createCredential(String accountId, Body b, Instant now) {
    String name = b.required("credentials_name");
    String roleArn = b.child("aws_credentials").child("sts_role").required("role_arn");
    if (!ROLE_ARN.matcher(roleArn).matches()) {
      throw ApiException.invalidParameter("Invalid role ARN: " + roleArn);
    }
    unique(store.credentials, accountId, c -> c.accountId, c -> c.credentialsName, name, "Credential configuration");
    Instant firstSeen = store.roleArnsFirstSeen.computeIfAbsent(roleArn, k -> now);
    if (now.isBefore(firstSeen.plus(store.knobs.iamPropagationDelay))) {
      throw ApiException.invalidParameter(FAILED_CREDENTIALS_VALIDATION);
    }
    Credential c = new Credential();
    c.credentialsId = store.ids.uuid();
    c.credentialsName = name;
    c.awsCredentials = new Credential.AwsCredentials(new Credential.StsRole(roleArn, accountId));
    c.accountId = accountId;
    c.creationTime = now.toEpochMilli();
    store.credentials.put(c.credentialsId, c);
    return c;
  }

  public Credential credential(String accountId, String id) {
    return Store.inAccount(store.credentials, id, accountId, c -> c.accountId)
        .orElseThrow(() -> ApiException.doesNotExist("Credential configuration " + id + " does not exist."));
  }

  public List<Credential> credentials(String accountId) {
    return Store.ofAccount(store.credentials, accountId, c -> c.accountId);
  }

  public Credential deleteCredential(String accountId, String id) {
    Credential c = credential(accountId, id);
    usedBy(accountId, w -> id.equals(w.credentialsId), "Credential configuration " + id);
    store.credentials.remove(id);
    return c;
  }

  // ---------------------------------------------------------------- storage configurations

  public StorageConfiguration createStorage(String accountId, Body b, Instant now) {
    String name = b.required("storage_configuration_name");
    String bucket = b.child("root_bucket_info").required("bucket_name");
    if (!BUCKET.matcher(bucket).matches()) {
      throw ApiException.invalidParameter("Invalid S3 bucket name: " + bucket);
    }
    unique(
        store.storageConfigurations,
        accountId,
        s -> s.accountId,
        s -> s.storageConfigurationName,
        name,
        "Storage configuration");
    StorageConfiguration s = new StorageConfiguration();
    s.storageConfigurationId = store.ids.uuid();
    s.storageConfigurationName = name;
    s.rootBucketInfo = new StorageConfiguration.RootBucketInfo(bucket);
    s.roleArn = b.string("role_arn");
    s.accountId = accountId;
    s.creationTime = now.toEpochMilli();
    store.storageConfigurations.put(s.storageConfigurationId, s);
    return s;
  }

  public StorageConfiguration storage(String accountId, String id) {
    return Store.inAccount(store.storageConfigurations, id, accountId, s -> s.accountId)
        .orElseThrow(() -> ApiException.doesNotExist("Storage configuration " + id + " does not exist."));
  }

  public List<StorageConfiguration> storages(String accountId) {
    return Store.ofAccount(store.storageConfigurations, accountId, s -> s.accountId);
  }

  public StorageConfiguration deleteStorage(String accountId, String id) {
    StorageConfiguration s = storage(accountId, id);
    usedBy(accountId, w -> id.equals(w.storageConfigurationId), "Storage configuration " + id);
    store.storageConfigurations.remove(id);
    return s;
  }

  // ---------------------------------------------------------------- networks

  public Network createNetwork(String accountId, Body b, Instant now) {
    String name = b.required("network_name");
    String vpcId = b.required("vpc_id");
    List<String> subnets = b.strings("subnet_ids");
    List<String> groups = b.strings("security_group_ids");
    if (subnets.size() < 2) {
      throw ApiException.invalidParameter("subnet_ids must name at least 2 subnets, in different availability zones");
    }
    if (groups.isEmpty() || groups.size() > 5) {
      throw ApiException.invalidParameter("security_group_ids must name between 1 and 5 security groups");
    }
    unique(store.networks, accountId, n -> n.accountId, n -> n.networkName, name, "Network");
    Network n = new Network();
    if (b.has("vpc_endpoints")) {
      Body e = b.child("vpc_endpoints");
      List<String> rest = e.strings("rest_api");
      List<String> relay = e.strings("dataplane_relay");
      checkEndpoints(accountId, rest, "WORKSPACE_ACCESS", "vpc_endpoints.rest_api");
      checkEndpoints(accountId, relay, "DATAPLANE_RELAY_ACCESS", "vpc_endpoints.dataplane_relay");
      n.vpcEndpoints = new Network.VpcEndpoints(rest, relay);
    }
    n.networkId = store.ids.uuid();
    n.networkName = name;
    n.vpcId = vpcId;
    n.subnetIds = subnets;
    n.securityGroupIds = groups;
    n.accountId = accountId;
    n.creationTime = now.toEpochMilli();
    store.networks.put(n.networkId, n);
    return n;
  }

  private void checkEndpoints(String accountId, List<String> ids, String useCase, String field) {
    for (String id : ids) {
      VpcEndpoint e =
          Store.inAccount(store.vpcEndpoints, id, accountId, v -> v.accountId)
              .orElseThrow(() -> ApiException.invalidParameter(field + ": VPC endpoint " + id + " does not exist."));
      if (!useCase.equals(e.useCase)) {
        throw ApiException.invalidParameter(
            field + ": VPC endpoint " + id + " has use case " + e.useCase + ", expected " + useCase + ".");
      }
    }
  }

  public Network network(String accountId, String id) {
    return Store.inAccount(store.networks, id, accountId, n -> n.accountId)
        .orElseThrow(() -> ApiException.doesNotExist("Network " + id + " does not exist."));
  }

  public List<Network> networks(String accountId) {
    return Store.ofAccount(store.networks, accountId, n -> n.accountId);
  }

  public Network deleteNetwork(String accountId, String id) {
    Network n = network(accountId, id);
    usedBy(accountId, w -> id.equals(w.networkId), "Network " + id);
    store.networks.remove(id);
    return n;
  }

  /** Marks a network BROKEN: a workspace that provisions with it ends FAILED. */
  public void breakNetwork(Network n, String message) {
    n.vpcStatus = "BROKEN";
    n.errorMessages = new ArrayList<>(List.of(new Network.Health("vpc", message)));
  }

  // ---------------------------------------------------------------- private access settings

  public PrivateAccessSettings createPrivateAccess(String accountId, Body b) {
    PrivateAccessSettings p = new PrivateAccessSettings();
    p.privateAccessSettingsId = store.ids.uuid();
    p.accountId = accountId;
    fillPrivateAccess(accountId, p, b);
    store.privateAccessSettings.put(p.privateAccessSettingsId, p);
    return p;
  }

  public PrivateAccessSettings replacePrivateAccess(String accountId, String id, Body b) {
    PrivateAccessSettings p = privateAccess(accountId, id);
    fillPrivateAccess(accountId, p, b);
    return p;
  }

  private void fillPrivateAccess(String accountId, PrivateAccessSettings p, Body b) {
    String name = b.required("private_access_settings_name");
    String region = b.required("region");
    String level = Optional.ofNullable(b.string("private_access_level")).orElse("ACCOUNT");
    if (!level.equals("ACCOUNT") && !level.equals("ENDPOINT")) {
      throw ApiException.invalidParameter("private_access_level must be ACCOUNT or ENDPOINT, not " + level);
    }
    List<String> allowed = b.strings("allowed_vpc_endpoint_ids");
    for (String id : allowed) {
      Store.inAccount(store.vpcEndpoints, id, accountId, v -> v.accountId)
          .orElseThrow(() -> ApiException.invalidParameter("allowed_vpc_endpoint_ids: VPC endpoint " + id + " does not exist."));
    }
    p.privateAccessSettingsName = name;
    p.region = region;
    p.privateAccessLevel = level;
    p.publicAccessEnabled = b.bool("public_access_enabled", false);
    p.allowedVpcEndpointIds = allowed;
  }

  public PrivateAccessSettings privateAccess(String accountId, String id) {
    return Store.inAccount(store.privateAccessSettings, id, accountId, p -> p.accountId)
        .orElseThrow(() -> ApiException.doesNotExist("Private access settings " + id + " does not exist."));
  }

  public List<PrivateAccessSettings> privateAccessList(String accountId) {
    return Store.ofAccount(store.privateAccessSettings, accountId, p -> p.accountId);
  }

  public PrivateAccessSettings deletePrivateAccess(String accountId, String id) {
    PrivateAccessSettings p = privateAccess(accountId, id);
    usedBy(accountId, w -> id.equals(w.privateAccessSettingsId), "Private access settings " + id);
    store.privateAccessSettings.remove(id);
    return p;
  }

  // ---------------------------------------------------------------- VPC endpoints

  public VpcEndpoint createVpcEndpoint(String accountId, Body b) {
    String name = b.required("vpc_endpoint_name");
    String awsId = b.required("aws_vpc_endpoint_id");
    String region = b.required("region");
    if (!VPCE.matcher(awsId).matches()) {
      throw ApiException.invalidParameter("Invalid AWS VPC endpoint id: " + awsId);
    }
    for (VpcEndpoint other : vpcEndpoints(accountId)) {
      if (other.awsVpcEndpointId.equals(awsId)) {
        throw ApiException.alreadyExists(
            "VPC endpoint " + awsId + " is already registered as " + other.vpcEndpointId + ".");
      }
    }
    VpcEndpoint e = new VpcEndpoint();
    e.vpcEndpointId = store.ids.uuid();
    e.vpcEndpointName = name;
    e.awsVpcEndpointId = awsId;
    e.region = region;
    e.useCase = useCaseOf(name);
    e.awsEndpointServiceId = "com.amazonaws.vpce." + region + ".vpce-svc-" + store.ids.hex(17);
    e.accountId = accountId;
    store.vpcEndpoints.put(e.vpcEndpointId, e);
    return e;
  }

  /**
   * Databricks learns the use of an endpoint from the AWS endpoint service it connects to, which the
   * emulator cannot see: a name containing "relay" or "scc" means the secure cluster connectivity
   * relay (DATAPLANE_RELAY_ACCESS); any other name the workspace front end (WORKSPACE_ACCESS).
   */
  static String useCaseOf(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("relay") || n.contains("scc") ? "DATAPLANE_RELAY_ACCESS" : "WORKSPACE_ACCESS";
  }

  public VpcEndpoint vpcEndpoint(String accountId, String id) {
    return Store.inAccount(store.vpcEndpoints, id, accountId, v -> v.accountId)
        .orElseThrow(() -> ApiException.doesNotExist("VPC endpoint " + id + " does not exist."));
  }

  public List<VpcEndpoint> vpcEndpoints(String accountId) {
    return Store.ofAccount(store.vpcEndpoints, accountId, v -> v.accountId);
  }

  public VpcEndpoint deleteVpcEndpoint(String accountId, String id) {
    VpcEndpoint e = vpcEndpoint(accountId, id);
    usedBy(
        accountId,
        w -> {
          Network n = w.networkId == null ? null : store.networks.get(w.networkId);
          boolean inNetwork =
              n != null
                  && n.vpcEndpoints != null
                  && (n.vpcEndpoints.restApi().contains(id) || n.vpcEndpoints.dataplaneRelay().contains(id));
          PrivateAccessSettings p =
              w.privateAccessSettingsId == null ? null : store.privateAccessSettings.get(w.privateAccessSettingsId);
          return inNetwork || (p != null && p.allowedVpcEndpointIds.contains(id));
        },
        "VPC endpoint " + id);
    store.vpcEndpoints.remove(id);
    return e;
  }

  // ---------------------------------------------------------------- customer-managed keys

  public CustomerManagedKey createKey(String accountId, Body b, Instant now) {
    List<String> useCases = b.strings("use_cases");
    if (useCases.isEmpty()) {
      throw ApiException.missing("use_cases");
    }
    for (String u : useCases) {
      if (!u.equals(CustomerManagedKey.MANAGED_SERVICES) && !u.equals(CustomerManagedKey.STORAGE)) {
        throw ApiException.invalidParameter("Invalid use case " + u + ": expected MANAGED_SERVICES or STORAGE");
      }
    }
    Body info = b.child("aws_key_info");
    String arn = info.required("key_arn");
    var m = KEY_ARN.matcher(arn);
    if (!m.matches()) {
      throw ApiException.invalidParameter("Invalid KMS key ARN: " + arn);
    }
    String region = Optional.ofNullable(info.string("key_region")).orElse(m.group(2));
    CustomerManagedKey k = new CustomerManagedKey();
    k.customerManagedKeyId = store.ids.uuid();
    k.awsKeyInfo =
        new CustomerManagedKey.AwsKeyInfo(
            arn, info.string("key_alias"), region, info.bool("reuse_key_for_cluster_volumes"));
    k.useCases = useCases.stream().distinct().toList();
    k.accountId = accountId;
    k.creationTime = now.toEpochMilli();
    store.customerManagedKeys.put(k.customerManagedKeyId, k);
    return k;
  }

  public CustomerManagedKey key(String accountId, String id) {
    return Store.inAccount(store.customerManagedKeys, id, accountId, k -> k.accountId)
        .orElseThrow(() -> ApiException.doesNotExist("Customer-managed key configuration " + id + " does not exist."));
  }

  public List<CustomerManagedKey> keys(String accountId) {
    return Store.ofAccount(store.customerManagedKeys, accountId, k -> k.accountId);
  }

  public CustomerManagedKey deleteKey(String accountId, String id) {
    CustomerManagedKey k = key(accountId, id);
    usedBy(
        accountId,
        w -> Workspace.RUNNING.equals(w.workspaceStatus)
            && (id.equals(w.managedServicesCustomerManagedKeyId) || id.equals(w.storageCustomerManagedKeyId)),
        "Customer-managed key configuration " + id);
    store.customerManagedKeys.remove(id);
    return k;
  }

  // ---------------------------------------------------------------- shared rules

  private static <T> void unique(
      Map<String, T> all,
      String accountId,
      Function<T, String> accountOf,
      Function<T, String> nameOf,
      String name,
      String kind) {
    for (T t : Store.ofAccount(all, accountId, accountOf)) {
      if (Objects.equals(nameOf.apply(t), name)) {
        throw ApiException.alreadyExists(kind + " with name '" + name + "' already exists.");
      }
    }
  }

  private void usedBy(String accountId, java.util.function.Predicate<Workspace> uses, String what) {
    for (Workspace w : store.workspacesOf(accountId)) {
      if (uses.test(w)) {
        throw ApiException.invalidState(
            what + " is used by workspace " + w.workspaceId + " (" + w.workspaceName + ") and cannot be deleted.");
      }
    }
  }
}
