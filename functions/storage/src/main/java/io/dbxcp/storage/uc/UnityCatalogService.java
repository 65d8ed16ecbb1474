package io.dbxcp.storage.uc;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.AwsIamRoleRequest;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.EncryptionDetails;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.SseEncryptionDetails;
import com.databricks.sdk.service.catalog.SseEncryptionDetailsAlgorithm;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.storage.Databricks;
import io.dbxcp.storage.model.BucketPlan;
import io.dbxcp.storage.model.BucketResult;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.CredentialRef;
import io.dbxcp.storage.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * unity-catalog, one bucket: the storage credential of its data role, then its external location
 * ({@code s3://<bucket>/}). Each is looked up by name first: one that exists and matches is reused;
 * one that exists and differs is a {@link ResourceConflictException} naming each difference (the
 * request never silently takes over or changes an object someone else relies on). They are created
 * with validation on (Databricks checks that it can assume the role and reach the bucket), and what
 * Databricks answers is compared with what was asked.
 */
public final class UnityCatalogService {
    private static final Logger LOG = LoggerFactory.getLogger(UnityCatalogService.class);
    static final String COMMENT = "managed by dbxcp (mount-buckets)";

    private final BiFunction<Long, String, WorkspaceClient> workspaces;

    public UnityCatalogService(BiFunction<Long, String, WorkspaceClient> workspaces) {
        this.workspaces = workspaces;
    }

    /** State EnsureStorageCredential. */
    public CredentialRef ensureCredential(BucketState s) {
        BucketPlan b = s.bucket();
        String name = b.storageCredentialName();
        WorkspaceClient ws = workspace(s);
        Optional<StorageCredentialInfo> found = Databricks.find("read storage credential " + name, () -> ws.storageCredentials().get(name));
        if (found.isEmpty()) {
            try {
                StorageCredentialInfo created = Databricks.call("create storage credential " + name, () -> ws.storageCredentials().create(
                        new CreateStorageCredential()
                                .setName(name)
                                .setAwsIamRole(new AwsIamRoleRequest().setRoleArn(b.roleArn()))
                                .setComment(COMMENT)
                                .setSkipValidation(false)));
                requireSameRole(created, b);
                LOG.info("storage credential {} created for role {}", name, b.roleArn());
                return new CredentialRef(created.getName(), b.roleArn(), "CREATED");
            } catch (RuntimeException e) {
                if (!Databricks.isConflict(e)) throw e;
                found = Databricks.find("read storage credential " + name, () -> ws.storageCredentials().get(name)); // made meanwhile
                if (found.isEmpty()) throw e;
            }
        }
        requireSameRole(found.get(), b);
        LOG.info("storage credential {} exists with role {}", name, b.roleArn());
        return new CredentialRef(found.get().getName(), b.roleArn(), "REUSED");
    }

    /** State EnsureExternalLocation. */
    public BucketResult ensureLocation(BucketState s) {
        BucketPlan b = s.bucket();
        String name = b.target();
        String credential = s.credential().name();
        WorkspaceClient ws = workspace(s);
        Optional<ExternalLocationInfo> found = Databricks.find("read external location " + name, () -> ws.externalLocations().get(name));
        Outcome outcome = Outcome.ALREADY_EXISTS;
        if (found.isEmpty()) {
            CreateExternalLocation create = new CreateExternalLocation()
                    .setName(name)
                    .setUrl(b.source())
                    .setCredentialName(credential)
                    .setReadOnly(b.readOnly())
                    .setComment(COMMENT)
                    .setSkipValidation(false);
            if (b.kmsKeyArn() != null) {
                create.setEncryptionDetails(new EncryptionDetails().setSseEncryptionDetails(new SseEncryptionDetails()
                        .setAlgorithm(SseEncryptionDetailsAlgorithm.AWS_SSE_KMS).setAwsKmsKeyArn(b.kmsKeyArn())));
            }
            try {
                found = Optional.of(Databricks.call("create external location " + name, () -> ws.externalLocations().create(create)));
                outcome = Outcome.CREATED;
            } catch (RuntimeException e) {
                if (!Databricks.isConflict(e)) throw e;
                found = Databricks.find("read external location " + name, () -> ws.externalLocations().get(name)); // made meanwhile
                if (found.isEmpty()) throw e;
            }
        }
        List<String> differences = differences(found.get(), b, credential);
        if (!differences.isEmpty()) {
            throw new ResourceConflictException("external location '" + name + "' " + (outcome == Outcome.CREATED ? "was created" : "exists")
                    + " but differs from what bucket " + b.bucket() + " asks: " + String.join("; ", differences)
                    + (outcome == Outcome.CREATED ? "" : " (rename the bucket's mountName, or change or drop the location)"));
        }
        LOG.info("external location {} ({}) {}", name, b.source(), outcome == Outcome.CREATED ? "created" : "exists and matches");
        return new BucketResult(b.bucket(), b.mountName(), outcome, name, b.source(), null, null, credential, null, null, null);
    }

    private static void requireSameRole(StorageCredentialInfo c, BucketPlan b) {
        String role = c.getAwsIamRole() == null ? null : c.getAwsIamRole().getRoleArn();
        if (!b.roleArn().equals(role)) {
            throw new ResourceConflictException("storage credential '" + c.getName() + "' exists with role "
                    + (role == null ? "(none: not an AWS IAM role credential)" : role) + ", not " + b.roleArn()
                    + " that bucket " + b.bucket() + " asks for (choose another storageCredentialName, or correct the roleArn)");
        }
    }

    /** What differs between an external location and the bucket's plan, one sentence per field. */
    static List<String> differences(ExternalLocationInfo l, BucketPlan b, String credential) {
        List<String> d = new ArrayList<>();
        if (!folder(b.source()).equals(folder(l.getUrl()))) d.add("url is " + l.getUrl() + ", asked " + b.source());
        if (l.getCredentialName() == null || !l.getCredentialName().equalsIgnoreCase(credential)) {
            d.add("credential is " + l.getCredentialName() + ", asked " + credential);
        }
        if (Boolean.TRUE.equals(l.getReadOnly()) != b.readOnly()) d.add("read_only is " + Boolean.TRUE.equals(l.getReadOnly()) + ", asked " + b.readOnly());
        SseEncryptionDetails sse = l.getEncryptionDetails() == null ? null : l.getEncryptionDetails().getSseEncryptionDetails();
        if (sse != null && sse.getAwsKmsKeyArn() != null && b.kmsKeyArn() != null && !sse.getAwsKmsKeyArn().equals(b.kmsKeyArn())) {
            d.add("SSE-KMS key is " + sse.getAwsKmsKeyArn() + ", asked " + b.kmsKeyArn());
        }
        return d;
    }

    /** {@code s3://bucket/path/}: s3a and s3 name the same place, and a trailing '/' does not matter. */
    static String folder(String url) {
        if (url == null) return "";
        String u = url.replaceFirst("^s3a://", "s3://");
        return u.endsWith("/") ? u : u + "/";
    }

    private WorkspaceClient workspace(BucketState s) {
        return workspaces.apply(s.workspace().workspaceId(), s.workspace().deploymentName());
    }
}
