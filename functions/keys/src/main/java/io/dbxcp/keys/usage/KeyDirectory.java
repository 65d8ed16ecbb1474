package io.dbxcp.keys.usage;

import static io.dbxcp.common.databricks.DatabricksErrors.call;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.service.provisioning.Credential;
import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.keys.model.KeyConfiguration;
import io.dbxcp.keys.model.KeyUsage;
import io.dbxcp.keys.model.KeyUse;
import io.dbxcp.keys.model.WorkspaceUse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Databricks knows about keys and the workspaces that use them, read from the Account API:
 * customer-managed key configurations (each names a KMS key ARN and its use cases), workspaces
 * (each holds the id of its managed-services and of its storage key configuration) and credentials
 * (the cross-account role the EBS statement of a storage key must name). Databricks is the source
 * of truth: the control plane keeps no table of which workspace uses which key.
 */
public final class KeyDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(KeyDirectory.class);
    private final Supplier<AccountClient> account;

    public KeyDirectory(Supplier<AccountClient> account) {
        this.account = account;
    }

    /** Every key configuration of the account. */
    public List<KeyConfiguration> configurations() {
        return call("list customer-managed keys", () -> list(account.get().encryptionKeys().list())).stream()
                .map(KeyDirectory::configuration).toList();
    }

    /** The configurations that name this key ARN. */
    public List<KeyConfiguration> configurationsOf(String keyArn) {
        return configurations().stream().filter(c -> keyArn.equals(c.keyArn())).toList();
    }

    public Optional<KeyConfiguration> configuration(String customerManagedKeyId) {
        if (customerManagedKeyId == null) return Optional.empty();
        try {
            return Optional.of(configuration(call("get customer-managed key " + customerManagedKeyId,
                    () -> account.get().encryptionKeys().get(customerManagedKeyId))));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    public List<Workspace> workspaces() {
        return call("list workspaces", () -> list(account.get().workspaces().list()));
    }

    public Optional<Workspace> workspace(long workspaceId) {
        try {
            return Optional.of(call("get workspace " + workspaceId, () -> account.get().workspaces().get(workspaceId)));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /** The cross-account role of each credentials id of the account. */
    public Map<String, String> rolesByCredentialsId() {
        Map<String, String> roles = new HashMap<>();
        for (Credential c : call("list credentials", () -> list(account.get().credentials().list()))) {
            if (c.getAwsCredentials() != null && c.getAwsCredentials().getStsRole() != null) {
                roles.put(c.getCredentialsId(), c.getAwsCredentials().getStsRole().getRoleArn());
            }
        }
        return roles;
    }

    /** Every workspace whose managed-services or storage key configuration names {@code keyArn}. */
    public KeyUsage usage(String keyArn) {
        List<KeyConfiguration> configs = configurationsOf(keyArn);
        Map<String, KeyConfiguration> byId = configs.stream().collect(Collectors.toMap(KeyConfiguration::customerManagedKeyId, c -> c, (a, b) -> a));
        List<WorkspaceUse> uses = new ArrayList<>();
        if (!configs.isEmpty()) {
            Map<String, String> roles = null;
            for (Workspace w : workspaces()) {
                List<KeyUse> useCases = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (KeyUse u : KeyUse.values()) {
                    String id = u.read(w);
                    if (id != null && byId.containsKey(id)) {
                        useCases.add(u);
                        if (!ids.contains(id)) ids.add(id);
                    }
                }
                if (useCases.isEmpty()) continue;
                if (roles == null) roles = rolesByCredentialsId();
                boolean reuse = useCases.contains(KeyUse.STORAGE) && byId.get(KeyUse.STORAGE.read(w)).reuseKeyForClusterVolumes();
                uses.add(new WorkspaceUse(w.getWorkspaceId(), w.getWorkspaceName(), w.getDeploymentName(), w.getAwsRegion(),
                        w.getWorkspaceStatus() == null ? null : w.getWorkspaceStatus().name(), useCases, ids,
                        roles.get(w.getCredentialsId()), reuse));
            }
        }
        LOG.info("key {}: {} key configuration(s), {} workspace(s) use it", keyArn, configs.size(), uses.size());
        return new KeyUsage(keyArn, configs, uses);
    }

    public static KeyConfiguration configuration(CustomerManagedKey k) {
        String arn = k.getAwsKeyInfo() == null ? null : k.getAwsKeyInfo().getKeyArn();
        boolean reuse = k.getAwsKeyInfo() != null && Boolean.TRUE.equals(k.getAwsKeyInfo().getReuseKeyForClusterVolumes());
        List<String> uses = k.getUseCases() == null ? List.of() : k.getUseCases().stream().filter(Objects::nonNull).map(Enum::name).toList();
        return new KeyConfiguration(k.getCustomerManagedKeyId(), arn, uses, reuse);
    }

    /** Whether a configuration is for this ARN with this use case. */
    public static boolean matches(KeyConfiguration c, String keyArn, KeyUse use) {
        return keyArn.equals(c.keyArn()) && Set.copyOf(c.useCases()).contains(use.name());
    }

    private static <T> List<T> list(Iterable<T> items) {
        return items == null ? List.of() : StreamSupport.stream(items.spliterator(), false).toList();
    }
}
