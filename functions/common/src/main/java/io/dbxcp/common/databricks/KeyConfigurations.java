package io.dbxcp.common.databricks;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.provisioning.CustomerManagedKey;
import com.databricks.sdk.service.provisioning.KeyUseCase;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key configurations of the account after a create. Databricks tells them apart by id only (they have
 * no name), so a create whose answer was lost after Databricks made it, sent again by the SDK, makes a
 * second one (so may a concurrent run of the same key): the oldest for the key and use case is kept and
 * the others, unused, are deleted, so every run keeps the same one. Used by provision-workspace and
 * rotate-key.
 */
public final class KeyConfigurations {
    private static final Logger LOG = LoggerFactory.getLogger(KeyConfigurations.class);

    private KeyConfigurations() {}

    /** The one configuration of {@code keyArn} for {@code useCase} after a create that answered {@code made}. */
    public static String keepOldest(AccountClient account, String keyArn, KeyUseCase useCase, String made) {
        return keepOldest(account, list(account), keyArn, useCase, made);
    }

    /** Every key configuration of the account. */
    public static List<CustomerManagedKey> list(AccountClient account) {
        return AccountObjects.list("list customer-managed keys", () -> account.encryptionKeys().list());
    }

    /** As {@link #keepOldest(AccountClient, String, KeyUseCase, String)}, with the configurations read after the creates. */
    public static String keepOldest(AccountClient account, List<CustomerManagedKey> all, String keyArn, KeyUseCase useCase, String made) {
        List<CustomerManagedKey> same = all.stream()
                .filter(c -> c.getAwsKeyInfo() != null && keyArn.equals(c.getAwsKeyInfo().getKeyArn()))
                .filter(c -> c.getUseCases() != null && c.getUseCases().contains(useCase))
                .sorted(Comparator.comparing((CustomerManagedKey c) -> c.getCreationTime() == null ? Long.MAX_VALUE : c.getCreationTime())
                        .thenComparing(CustomerManagedKey::getCustomerManagedKeyId))
                .toList();
        if (same.isEmpty()) return made;
        String kept = same.getFirst().getCustomerManagedKeyId();
        for (CustomerManagedKey extra : same.subList(1, same.size())) {
            String id = extra.getCustomerManagedKeyId();
            try {
                DatabricksErrors.run("delete key configuration " + id, () -> account.encryptionKeys().delete(id));
                LOG.info("key {} for {}: second key configuration {} deleted (a create sent twice); {} is kept", keyArn, useCase, id, kept);
            } catch (RuntimeException e) {
                LOG.warn("key {} for {}: second key configuration {} could not be deleted: {}", keyArn, useCase, id, e.toString());
            }
        }
        return kept;
    }
}
