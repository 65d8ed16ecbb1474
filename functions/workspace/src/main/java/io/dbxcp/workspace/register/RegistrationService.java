package io.dbxcp.workspace.register;

import static io.dbxcp.common.databricks.DatabricksErrors.call;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.provisioning.CreateAwsKeyInfo;
import com.databricks.sdk.service.provisioning.CreateCustomerManagedKeyRequest;
import com.databricks.sdk.service.provisioning.CreateNetworkRequest;
import com.databricks.sdk.service.provisioning.CreatePrivateAccessSettingsRequest;
import com.databricks.sdk.service.provisioning.CreateVpcEndpointRequest;
import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Network;
import com.databricks.sdk.service.provisioning.NetworkVpcEndpoints;
import com.databricks.sdk.service.provisioning.PrivateAccessLevel;
import com.databricks.sdk.service.provisioning.PrivateAccessSettings;
import com.databricks.sdk.service.provisioning.VpcEndpoint;
import io.dbxcp.common.databricks.AccountObjects;
import io.dbxcp.common.databricks.KeyConfigurations;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.workspace.model.ProvisionState.NetworkRefs;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * Step 2 of provision-workspace: registers the account-level objects a workspace is made of, each
 * looked up by its name first (the SDK retries POSTs, and a rerun must reuse what it made): an
 * object of that name that matches is reused, one that does not is a {@link ResourceConflictException}.
 * Names derive from the workspace name: {@code <workspace>-credentials}, {@code -storage},
 * {@code -network}, {@code -rest-api}, {@code -relay}, {@code -private-access}. Key configurations
 * have no name and are found by key ARN and use case. Credentials and storage configurations are
 * looked up by {@link AccountObjects} of common (onboard-account registers the same way). An object
 * found that Databricks made after the run began ({@code since}; credentials, storage configurations,
 * networks and key configurations carry their creation time) is this run's own: a create whose answer
 * was lost, found by the retry, and cleaned up if the run fails later.
 */
public final class RegistrationService {
    private final Supplier<AccountClient> account;
    private final AccountObjects objects;

    public RegistrationService(Supplier<AccountClient> account) {
        this.account = account;
        this.objects = new AccountObjects(account);
    }

    public Ref credentials(WorkspaceRequest r, Instant since) {
        return ref(objects.credentials(r.workspaceName() + "-credentials", r.crossAccountRoleArn(),
                "delete them or choose another workspace name", since));
    }

    public Ref storage(WorkspaceRequest r, Instant since) {
        return ref(objects.storage(r.workspaceName() + "-storage", r.rootBucket(), "delete it or choose another workspace name",
                objects.storageConfigurations(), since));
    }

    private static Ref ref(AccountObjects.Registered r) {
        return new Ref(r.kind(), r.id(), r.name(), r.created());
    }

    /** The network configuration, with its VPC endpoints and private access settings for PrivateLink. Null for a Databricks-managed VPC. */
    public NetworkRefs network(WorkspaceRequest r, Instant since) {
        if (!r.customerManagedVpc()) return null;
        WorkspaceRequest.Network n = r.network();
        List<Ref> endpoints = new ArrayList<>();
        Ref pas = null;
        NetworkVpcEndpoints vpce = null;
        if (r.privateLink()) {
            WorkspaceRequest.PrivateLink p = n.privateLink();
            Ref rest = vpcEndpoint(r, r.workspaceName() + "-rest-api", p.restApiVpcEndpointId());
            Ref relay = vpcEndpoint(r, r.workspaceName() + "-relay", p.relayVpcEndpointId());
            endpoints.add(rest);
            endpoints.add(relay);
            vpce = new NetworkVpcEndpoints().setRestApi(List.of(rest.id())).setDataplaneRelay(List.of(relay.id()));
            pas = privateAccess(r, List.of(rest.id(), relay.id()));
        }
        String name = r.workspaceName() + "-network";
        Optional<Network> found = find(call("list networks", () -> toList(account.get().networks().list())), x -> name.equals(x.getNetworkName()));
        if (found.isPresent()) {
            Network x = found.get();
            boolean same = n.vpcId().equals(x.getVpcId())
                    && new HashSet<>(n.subnetIds()).equals(new HashSet<>(nullToEmpty(x.getSubnetIds())))
                    && new HashSet<>(n.securityGroupIds()).equals(new HashSet<>(nullToEmpty(x.getSecurityGroupIds())));
            if (!same) {
                throw new ResourceConflictException("network '" + name + "' describes VPC " + x.getVpcId() + " with other subnets or security groups");
            }
            return new NetworkRefs(new Ref("network", x.getNetworkId(), name, AccountObjects.madeSince(x.getCreationTime(), since)),
                    endpoints, pas);
        }
        NetworkVpcEndpoints endpointsForNetwork = vpce;
        Network created = call("create network " + name, () -> account.get().networks().create(new CreateNetworkRequest()
                .setNetworkName(name).setVpcId(n.vpcId()).setSubnetIds(n.subnetIds()).setSecurityGroupIds(n.securityGroupIds())
                .setVpcEndpoints(endpointsForNetwork)));
        return new NetworkRefs(Ref.created("network", created.getNetworkId(), name), endpoints, pas);
    }

    private Ref vpcEndpoint(WorkspaceRequest r, String name, String awsEndpointId) {
        Optional<VpcEndpoint> found = find(call("list VPC endpoints", () -> toList(account.get().vpcEndpoints().list())),
                e -> awsEndpointId.equals(e.getAwsVpcEndpointId()));
        if (found.isPresent()) return Ref.reused("vpc-endpoint", found.get().getVpcEndpointId(), found.get().getVpcEndpointName());
        VpcEndpoint e = call("register VPC endpoint " + awsEndpointId, () -> account.get().vpcEndpoints().create(
                new CreateVpcEndpointRequest().setVpcEndpointName(name).setAwsVpcEndpointId(awsEndpointId).setRegion(r.region())));
        return Ref.created("vpc-endpoint", e.getVpcEndpointId(), name);
    }

    private Ref privateAccess(WorkspaceRequest r, List<String> endpointIds) {
        String name = r.workspaceName() + "-private-access";
        WorkspaceRequest.PrivateLink p = r.network().privateLink();
        Optional<PrivateAccessSettings> found = find(call("list private access settings", () -> toList(account.get().privateAccess().list())),
                x -> name.equals(x.getPrivateAccessSettingsName()));
        if (found.isPresent()) {
            PrivateAccessSettings x = found.get();
            if (!r.region().equals(x.getRegion()) || !Objects.equals(p.privateAccessLevel(), x.getPrivateAccessLevel() == null ? null : x.getPrivateAccessLevel().name())) {
                throw new ResourceConflictException("private access settings '" + name + "' exist with another region or access level");
            }
            return Ref.reused("private-access-settings", x.getPrivateAccessSettingsId(), name);
        }
        PrivateAccessLevel level = PrivateAccessLevel.valueOf(p.privateAccessLevel());
        PrivateAccessSettings created = call("create private access settings " + name, () -> account.get().privateAccess().create(
                new CreatePrivateAccessSettingsRequest().setPrivateAccessSettingsName(name).setRegion(r.region())
                        .setPrivateAccessLevel(level).setPublicAccessEnabled(p.publicAccessEnabled())
                        .setAllowedVpcEndpointIds(level == PrivateAccessLevel.ENDPOINT ? endpointIds : null)));
        return Ref.created("private-access-settings", created.getPrivateAccessSettingsId(), name);
    }

    /** A key configuration per key of the request, for its use case; found by key ARN and use case. */
    public List<Ref> keys(WorkspaceRequest r, Instant since) {
        if (r.keys() == null) return List.of();
        List<CustomerManagedKey> existing = call("list customer-managed keys", () -> toList(account.get().encryptionKeys().list()));
        List<Ref> refs = new ArrayList<>();
        Map<Integer, KeyUseCase> made = new LinkedHashMap<>(); // index in refs of each configuration created here
        if (r.keys().managedServicesKeyArn() != null) {
            key(r, existing, r.keys().managedServicesKeyArn(), KeyUseCase.MANAGED_SERVICES, false, since, refs, made);
        }
        if (r.keys().storageKeyArn() != null) {
            key(r, existing, r.keys().storageKeyArn(), KeyUseCase.STORAGE, Boolean.TRUE.equals(r.keys().reuseKeyForClusterVolumes()), since,
                    refs, made);
        }
        if (made.isEmpty()) return refs;
        // One read after the creates: a create the SDK sent twice made a second configuration; the oldest stays.
        List<CustomerManagedKey> now = KeyConfigurations.list(account.get());
        made.forEach((i, useCase) -> {
            Ref ref = refs.get(i);
            String arn = useCase == KeyUseCase.STORAGE ? r.keys().storageKeyArn() : r.keys().managedServicesKeyArn();
            refs.set(i, Ref.created(ref.kind(), KeyConfigurations.keepOldest(account.get(), now, arn, useCase, ref.id()), ref.name()));
        });
        return refs;
    }

    /** Adds the ref of the key's configuration to {@code refs}; one made here is also noted in {@code made}. */
    private void key(WorkspaceRequest r, List<CustomerManagedKey> existing, String arn, KeyUseCase useCase, boolean reuseForVolumes,
                     Instant since, List<Ref> refs, Map<Integer, KeyUseCase> made) {
        String name = useCase.name() + " " + arn;
        Optional<CustomerManagedKey> found = existing.stream()
                .filter(k -> k.getAwsKeyInfo() != null && arn.equals(k.getAwsKeyInfo().getKeyArn()))
                .filter(k -> k.getUseCases() != null && k.getUseCases().contains(useCase))
                .findFirst();
        if (found.isPresent()) {
            refs.add(new Ref("customer-managed-key", found.get().getCustomerManagedKeyId(), name,
                    AccountObjects.madeSince(found.get().getCreationTime(), since)));
            return;
        }
        CreateAwsKeyInfo info = new CreateAwsKeyInfo().setKeyArn(arn).setKeyRegion(r.region());
        if (useCase == KeyUseCase.STORAGE) info.setReuseKeyForClusterVolumes(reuseForVolumes);
        CustomerManagedKey k = call("register key " + arn, () -> account.get().encryptionKeys().create(
                new CreateCustomerManagedKeyRequest().setUseCases(List.of(useCase)).setAwsKeyInfo(info)));
        made.put(refs.size(), useCase);
        refs.add(Ref.created("customer-managed-key", k.getCustomerManagedKeyId(), name));
    }

    private static <T> Optional<T> find(Iterable<T> all, java.util.function.Predicate<T> match) {
        if (all == null) return Optional.empty();
        return StreamSupport.stream(all.spliterator(), false).filter(match).findFirst();
    }

    private static <T> List<T> toList(Iterable<T> all) {
        return all == null ? List.of() : StreamSupport.stream(all.spliterator(), false).toList();
    }

    private static <T> java.util.Collection<T> nullToEmpty(java.util.Collection<T> c) {
        return c == null ? List.of() : c;
    }
}
