package io.dbxcp.common.databricks;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.databricks.sdk.service.provisioning.CreateStorageConfigurationRequest;
import com.databricks.sdk.service.provisioning.Credential;
import com.databricks.sdk.service.provisioning.RootBucketInfo;
import com.databricks.sdk.service.provisioning.StorageConfiguration;
import io.dbxcp.common.errors.ResourceConflictException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials and storage configurations of the Databricks account, found by name before they are
 * made: the SDK retries POSTs and a rerun must reuse what an earlier run made. An object of the name
 * that points at the asked role (bucket) is reused; one that points elsewhere is a
 * {@link ResourceConflictException}; a create that answers "already exists" (a concurrent run, or a
 * POST the SDK retried) is looked up again. Given the time the run started, an object found that
 * Databricks made after it is counted as this run's own (a POST whose answer was lost, found by the
 * retry), so a later failure of the run cleans it up. Used by provision-workspace (registration, log
 * delivery) and onboard-account.
 */
public final class AccountObjects {
    public static final String CREDENTIALS = "credentials";
    public static final String STORAGE_CONFIGURATION = "storage-configuration";

    private static final Logger LOG = LoggerFactory.getLogger(AccountObjects.class);

    /** What was found or made: its kind ({@link #CREDENTIALS}, {@link #STORAGE_CONFIGURATION}), id, name, and whether this call created it. */
    public record Registered(String kind, String id, String name, boolean created) {}

    private final Supplier<AccountClient> account;

    public AccountObjects(Supplier<AccountClient> account) {
        this.account = account;
    }

    /**
     * Credentials {@code name} for the cross-account role {@code roleArn}.
     *
     * @param hint what to do when the name is taken by credentials for another role (ends the conflict's message)
     * @throws io.dbxcp.common.errors.NotYetConsistentException while Databricks cannot assume a role IAM has not propagated yet
     */
    public Registered credentials(String name, String roleArn, String hint) {
        return credentials(name, roleArn, hint, null);
    }

    /** As {@link #credentials(String, String, String)}; credentials found that were made after {@code since} count as created. */
    public Registered credentials(String name, String roleArn, String hint, Instant since) {
        Optional<Credential> found = findCredentials(name);
        if (found.isEmpty()) {
            try {
                Credential c = DatabricksErrors.call("create credentials " + name, () -> account.get().credentials().create(
                        new CreateCredentialRequest().setCredentialsName(name).setAwsCredentials(
                                new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn(roleArn)))));
                LOG.info("credentials '{}' created: {} for {}", name, c.getCredentialsId(), roleArn);
                return new Registered(CREDENTIALS, c.getCredentialsId(), name, true);
            } catch (RuntimeException e) {
                if (!DatabricksErrors.isConflict(e)) throw e;
                found = findCredentials(name);
                if (found.isEmpty()) throw e;
            }
        }
        Credential c = found.get();
        String present = roleOf(c);
        if (!roleArn.equals(present)) {
            throw new ResourceConflictException("credentials '" + name + "' exist for role " + present + " (" + c.getCredentialsId()
                    + "), not " + roleArn + ": " + hint);
        }
        boolean ours = madeSince(c.getCreationTime(), since);
        LOG.info("credentials '{}' {}: {}", name, ours ? "found, made by this run" : "reused", c.getCredentialsId());
        return new Registered(CREDENTIALS, c.getCredentialsId(), name, ours);
    }

    /** Storage configuration {@code name} for {@code bucket}; {@code hint} as for {@link #credentials}. */
    public Registered storage(String name, String bucket, String hint) {
        return storage(name, bucket, hint, storageConfigurations());
    }

    /** As {@link #storage(String, String, String)}, looking {@code name} up in a list the caller already read. */
    public Registered storage(String name, String bucket, String hint, List<StorageConfiguration> existing) {
        return storage(name, bucket, hint, existing, null);
    }

    /** As {@link #storage(String, String, String, List)}; one found that was made after {@code since} counts as created. */
    public Registered storage(String name, String bucket, String hint, List<StorageConfiguration> existing, Instant since) {
        Optional<StorageConfiguration> found = existing.stream().filter(s -> name.equals(s.getStorageConfigurationName())).findFirst();
        if (found.isEmpty()) {
            try {
                StorageConfiguration s = DatabricksErrors.call("create storage configuration " + name, () -> account.get().storage().create(
                        new CreateStorageConfigurationRequest().setStorageConfigurationName(name)
                                .setRootBucketInfo(new RootBucketInfo().setBucketName(bucket))));
                LOG.info("storage configuration '{}' created: {} for bucket {}", name, s.getStorageConfigurationId(), bucket);
                return new Registered(STORAGE_CONFIGURATION, s.getStorageConfigurationId(), name, true);
            } catch (RuntimeException e) {
                if (!DatabricksErrors.isConflict(e)) throw e;
                found = storageConfigurations().stream().filter(s -> name.equals(s.getStorageConfigurationName())).findFirst();
                if (found.isEmpty()) throw e;
            }
        }
        StorageConfiguration s = found.get();
        if (!bucket.equals(bucketOf(s))) {
            throw new ResourceConflictException("storage configuration '" + name + "' is for bucket " + bucketOf(s) + " ("
                    + s.getStorageConfigurationId() + "), not " + bucket + ": " + hint);
        }
        boolean ours = madeSince(s.getCreationTime(), since);
        LOG.info("storage configuration '{}' {}: {}", name, ours ? "found, made by this run" : "reused", s.getStorageConfigurationId());
        return new Registered(STORAGE_CONFIGURATION, s.getStorageConfigurationId(), name, ours);
    }

    /**
     * Whether an object Databricks made at {@code creationTimeMs} (epoch ms, as the Account API gives it) was made
     * by the run that started at {@code since}: a POST of this run whose answer was lost. False without either.
     */
    public static boolean madeSince(Long creationTimeMs, Instant since) {
        return creationTimeMs != null && since != null && creationTimeMs >= since.toEpochMilli();
    }

    /** Every credentials object of the account. */
    public List<Credential> credentialsList() {
        return list("list credentials", () -> account.get().credentials().list());
    }

    /** Every storage configuration of the account. */
    public List<StorageConfiguration> storageConfigurations() {
        return list("list storage configurations", () -> account.get().storage().list());
    }

    public Optional<Credential> findCredentials(String name) {
        return credentialsList().stream().filter(c -> name.equals(c.getCredentialsName())).findFirst();
    }

    public Optional<StorageConfiguration> findStorage(String name) {
        return storageConfigurations().stream().filter(s -> name.equals(s.getStorageConfigurationName())).findFirst();
    }

    public static String roleOf(Credential c) {
        return c.getAwsCredentials() == null || c.getAwsCredentials().getStsRole() == null ? null : c.getAwsCredentials().getStsRole().getRoleArn();
    }

    public static String bucketOf(StorageConfiguration s) {
        return s.getRootBucketInfo() == null ? null : s.getRootBucketInfo().getBucketName();
    }

    /** Reads a lazy SDK list inside {@link DatabricksErrors#call}, so paging errors are mapped too. */
    public static <T> List<T> list(String what, Supplier<Iterable<T>> call) {
        return DatabricksErrors.call(what, () -> {
            Iterable<T> all = call.get();
            return all == null ? List.<T>of() : StreamSupport.stream(all.spliterator(), false).toList();
        });
    }
}
