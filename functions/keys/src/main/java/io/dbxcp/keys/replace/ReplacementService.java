package io.dbxcp.keys.replace;

import static io.dbxcp.common.databricks.DatabricksErrors.call;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.provisioning.CreateAwsKeyInfo;
import com.databricks.sdk.service.provisioning.CreateCustomerManagedKeyRequest;
import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.common.databricks.KeyConfigurations;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.kms.KeyCheck;
import io.dbxcp.common.kms.KeyUseCase;
import io.dbxcp.common.validation.Arn;
import io.dbxcp.keys.check.CachedKeyLookup;
import io.dbxcp.keys.check.KeyAssessmentService;
import io.dbxcp.keys.model.KeyConfiguration;
import io.dbxcp.keys.model.KeyPreflight;
import io.dbxcp.keys.model.KeyRequest;
import io.dbxcp.keys.model.KeyUse;
import io.dbxcp.keys.model.NewKey;
import io.dbxcp.keys.model.Targets;
import io.dbxcp.keys.model.WorkspaceTarget;
import io.dbxcp.keys.usage.KeyDirectory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a replacement before any workspace is touched: which workspaces
 * (FindTargetWorkspaces), whether the new key can serve them (PreflightNewKey), and its key
 * configuration in the account (RegisterNewKey, looked up by ARN and use case before it is created).
 */
public final class ReplacementService {
    private static final Logger LOG = LoggerFactory.getLogger(ReplacementService.class);

    private final Supplier<AccountClient> account;
    private final KeyDirectory directory;
    private final KeyCheck keyCheck;
    private final KeyAssessmentService.Lookups lookups;

    public ReplacementService(Supplier<AccountClient> account, String databricksAwsAccountId, KeyAssessmentService.Lookups lookups) {
        this.account = account;
        this.directory = new KeyDirectory(account);
        this.keyCheck = new KeyCheck(databricksAwsAccountId);
        this.lookups = lookups;
    }

    /** The named workspaces (each must exist), or every workspace whose key of the use case is the old key. */
    public Targets targets(KeyRequest r) {
        KeyUse use = r.useCase();
        List<Workspace> found = new ArrayList<>();
        String selectedBy;
        if (r.workspaceIds() != null && !r.workspaceIds().isEmpty()) {
            List<Long> missing = new ArrayList<>();
            for (Long id : r.workspaceIds()) {
                directory.workspace(id).ifPresentOrElse(found::add, () -> missing.add(id));
            }
            if (!missing.isEmpty()) {
                throw new InvalidRequestException("request.workspaceIds", "workspace(s) " + missing.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + " do not exist in the Databricks account; nothing was changed");
            }
            selectedBy = "workspaceIds";
        } else {
            Set<String> oldIds = directory.configurationsOf(r.oldKeyArn()).stream()
                    .filter(c -> KeyDirectory.matches(c, r.oldKeyArn(), use)).map(KeyConfiguration::customerManagedKeyId)
                    .collect(Collectors.toSet());
            if (!oldIds.isEmpty()) directory.workspaces().stream().filter(w -> oldIds.contains(use.read(w))).forEach(found::add);
            selectedBy = "oldKeyArn " + r.oldKeyArn() + " (" + oldIds.size() + " key configuration(s) with use case " + use + ")";
        }
        Map<String, String> roles = found.isEmpty() ? Map.of() : directory.rolesByCredentialsId();
        List<WorkspaceTarget> targets = found.stream().map(w -> new WorkspaceTarget(w.getWorkspaceId(), w.getWorkspaceName(),
                w.getDeploymentName(), w.getAwsRegion(), w.getWorkspaceStatus() == null ? null : w.getWorkspaceStatus().name(),
                use.read(w), w.getNetworkId() != null, roles.get(w.getCredentialsId()))).toList();
        LOG.info("{} workspace(s) to move to key {} for {} (selected by {})", targets.size(), r.newKeyArn(), use, selectedBy);
        return new Targets(targets, targets.size(), selectedBy);
    }

    /**
     * The new key must be enabled, symmetric, customer managed, in each workspace's region, and its
     * policy must grant Databricks what the use case needs (for a storage key reused for EBS
     * volumes, also each workspace's cross-account role). Every problem is reported at once, and
     * nothing is registered or changed.
     */
    public KeyPreflight preflight(KeyRequest r, Targets targets) {
        KeyUse use = r.useCase();
        boolean reuse = reuseForClusterVolumes(r);
        Arn arn = Arn.parse(r.newKeyArn()).orElseThrow();
        CachedKeyLookup kms = new CachedKeyLookup(lookups.of(arn.account(), arn.region()));
        Set<String> problems = new LinkedHashSet<>();
        Set<String> checked = new LinkedHashSet<>();
        for (WorkspaceTarget t : targets.workspaces()) {
            Set<KeyUseCase> uses = EnumSet.of(use == KeyUse.MANAGED_SERVICES ? KeyUseCase.MANAGED_SERVICES : KeyUseCase.STORAGE);
            if (use == KeyUse.STORAGE && reuse && t.crossAccountRoleArn() != null) uses.add(KeyUseCase.CLUSTER_VOLUMES);
            KeyCheck.Result result = keyCheck.check(kms.in(t.region() == null ? arn.region() : t.region()), r.newKeyArn(), uses,
                    t.crossAccountRoleArn());
            if (result.ok()) checked.add(result.describe() + " for workspace " + t.workspaceId());
            else problems.addAll(result.problems());
        }
        if (!problems.isEmpty()) {
            throw new PreconditionFailedException("the new key " + r.newKeyArn() + " cannot serve " + use + " of the "
                    + targets.count() + " workspace(s): " + problems.size() + " problem(s); nothing was registered or changed."
                    + " Fix them all, then send the request again:\n- " + String.join("\n- ", problems));
        }
        return new KeyPreflight(r.newKeyArn(), List.copyOf(checked));
    }

    /** The key configuration of the new key for the use case: an existing one, else a new one (one, even when the create was sent twice). */
    public NewKey register(KeyRequest r) {
        KeyUse use = r.useCase();
        Optional<KeyConfiguration> existing = directory.configurationsOf(r.newKeyArn()).stream()
                .filter(c -> KeyDirectory.matches(c, r.newKeyArn(), use)).findFirst();
        if (existing.isPresent()) {
            LOG.info("key {} is registered for {} already as {}", r.newKeyArn(), use, existing.get().customerManagedKeyId());
            return new NewKey(r.newKeyArn(), use, existing.get().customerManagedKeyId(), false, existing.get().reuseKeyForClusterVolumes());
        }
        Arn arn = Arn.parse(r.newKeyArn()).orElseThrow();
        CreateAwsKeyInfo info = new CreateAwsKeyInfo().setKeyArn(r.newKeyArn()).setKeyRegion(arn.region());
        if (use == KeyUse.STORAGE) info.setReuseKeyForClusterVolumes(true);
        CustomerManagedKey k = call("register key " + r.newKeyArn() + " for " + use, () -> account.get().encryptionKeys().create(
                new CreateCustomerManagedKeyRequest().setUseCases(List.of(use.sdk())).setAwsKeyInfo(info)));
        String id = KeyConfigurations.keepOldest(account.get(), r.newKeyArn(), use.sdk(), k.getCustomerManagedKeyId());
        LOG.info("registered key {} for {} as {}", r.newKeyArn(), use, id);
        return new NewKey(r.newKeyArn(), use, id, true, use == KeyUse.STORAGE);
    }

    /**
     * Whether a storage key is (or will be) reused for the clusters' EBS volumes: as its existing
     * configuration says, else true (Databricks' default, and what {@link #register} asks for).
     */
    private boolean reuseForClusterVolumes(KeyRequest r) {
        if (r.useCase() != KeyUse.STORAGE) return false;
        return directory.configurationsOf(r.newKeyArn()).stream().filter(c -> KeyDirectory.matches(c, r.newKeyArn(), KeyUse.STORAGE))
                .findFirst().map(KeyConfiguration::reuseKeyForClusterVolumes).orElse(true);
    }
}
