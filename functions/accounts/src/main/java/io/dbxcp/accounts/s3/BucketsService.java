package io.dbxcp.accounts.s3;

import static io.dbxcp.accounts.access.AwsSteps.call;
import static io.dbxcp.accounts.access.AwsSteps.findByCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.access.AwsSteps;
import io.dbxcp.accounts.model.BucketsResult;
import io.dbxcp.accounts.model.Change;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.accounts.policy.Documents;
import io.dbxcp.accounts.policy.Documents.Encryption;
import io.dbxcp.accounts.policy.Policies;
import io.dbxcp.common.aws.AwsCalls;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Step EnsureBuckets: the root bucket, the log bucket and a bucket per data lake layer (the seed's S3
 * module), each made when missing and put right when it drifted: default encryption SSE-KMS with the
 * storage key (S3 Bucket Keys on), every public access blocked, versioning on, and the statements of
 * {@link Documents#bucketStatements} in its policy (others' statements are kept): the root bucket
 * lets Databricks in; every bucket refuses requests that are not over TLS and puts that ask for
 * another encryption; the data lake buckets refuse puts that do not ask for SSE-KMS.
 */
public final class BucketsService {
    public static final String BUCKET = "s3-bucket";
    private static final Logger LOG = LoggerFactory.getLogger(BucketsService.class);

    public BucketsResult ensure(Plan p, String storageKeyArn, S3Client s3) {
        List<Change> changes = new ArrayList<>();
        BucketsResult.Bucket root = bucket(s3, p, "root", p.names().rootBucket(), storageKeyArn, Encryption.DEFAULT_KMS, true, changes);
        BucketsResult.Bucket logs = bucket(s3, p, "logs", p.names().logBucket(), storageKeyArn, Encryption.DEFAULT_KMS, false, changes);
        List<BucketsResult.Bucket> data = new ArrayList<>();
        for (Plan.DataLayer l : p.names().dataLayers()) {
            data.add(bucket(s3, p, l.layer(), l.bucket(), storageKeyArn, Encryption.REQUIRE_HEADER, false, changes));
        }
        LOG.info("buckets in place: {} change(s)", changes.size());
        return new BucketsResult(root, logs, data, changes);
    }

    private BucketsResult.Bucket bucket(S3Client s3, Plan p, String purpose, String name, String keyArn, Encryption encryption, boolean root,
                                        List<Change> changes) {
        String arn = "arn:aws:s3:::" + name;
        boolean created = !exists(s3, p, name);
        if (created) {
            call("s3:CreateBucket " + name, () -> s3.createBucket(b -> {
                b.bucket(name);
                if (!"us-east-1".equals(p.region())) b.createBucketConfiguration(c -> c.locationConstraint(p.region()));
            }));
            call("s3:PutBucketTagging " + name, () -> s3.putBucketTagging(b -> b.bucket(name).tagging(t -> t.tagSet(
                    s -> s.key("dbxcp:onboarding").value(p.prefix()), s -> s.key("dbxcp:purpose").value(purpose)))));
            changes.add(Change.created(BUCKET, arn));
            LOG.info("bucket {} created", name);
        }
        List<String> drifted = new ArrayList<>();
        encryption(s3, name, keyArn, drifted);
        publicAccess(s3, name, drifted);
        versioning(s3, name, drifted);
        policy(s3, name, Documents.bucketStatements(p, name, encryption, root), drifted);
        if (!created && !drifted.isEmpty()) {
            changes.add(Change.updated(BUCKET, arn, String.join("; ", drifted)));
            LOG.info("bucket {} put right: {}", name, drifted);
        }
        return new BucketsResult.Bucket(purpose, name, arn, keyArn);
    }

    private boolean exists(S3Client s3, Plan p, String name) {
        try {
            s3.headBucket(b -> b.bucket(name));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (AwsCalls.isTransient(e)) throw AwsCalls.asTransient("s3:HeadBucket " + name, e);
            switch (e.statusCode()) {
                case 404 -> { return false; }
                case 403 -> throw new ResourceConflictException("bucket " + name + " exists in another AWS account (403): bucket names are global;"
                        + " choose another NAME_PREFIX");
                case 301 -> throw new ResourceConflictException("bucket " + name + " exists in another region, not " + p.region()
                        + ": onboard the account in its region, or choose another NAME_PREFIX");
                default -> throw e;
            }
        }
    }

    private void encryption(S3Client s3, String name, String keyArn, List<String> drifted) {
        Optional<ServerSideEncryptionRule> rule = findByCode("s3:GetBucketEncryption " + name,
                () -> s3.getBucketEncryption(b -> b.bucket(name)).serverSideEncryptionConfiguration().rules().stream().findFirst().orElse(null),
                "ServerSideEncryptionConfigurationNotFoundError");
        boolean right = rule.isPresent() && rule.get().applyServerSideEncryptionByDefault() != null
                && rule.get().applyServerSideEncryptionByDefault().sseAlgorithm() == ServerSideEncryption.AWS_KMS
                && keyArn.equals(rule.get().applyServerSideEncryptionByDefault().kmsMasterKeyID())
                && Boolean.TRUE.equals(rule.get().bucketKeyEnabled());
        if (right) return;
        call("s3:PutBucketEncryption " + name, () -> s3.putBucketEncryption(b -> b.bucket(name).serverSideEncryptionConfiguration(c -> c.rules(
                ServerSideEncryptionRule.builder().bucketKeyEnabled(true).applyServerSideEncryptionByDefault(ServerSideEncryptionByDefault.builder()
                        .sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID(keyArn).build()).build()))));
        drifted.add("default encryption was " + rule.map(r -> r.applyServerSideEncryptionByDefault() == null ? "none"
                : r.applyServerSideEncryptionByDefault().sseAlgorithmAsString() + " " + Objects.toString(r.applyServerSideEncryptionByDefault().kmsMasterKeyID(), ""))
                .orElse("none") + "; now SSE-KMS with the storage key");
    }

    private void publicAccess(S3Client s3, String name, List<String> drifted) {
        Optional<PublicAccessBlockConfiguration> block = findByCode("s3:GetPublicAccessBlock " + name,
                () -> s3.getPublicAccessBlock(b -> b.bucket(name)).publicAccessBlockConfiguration(), "NoSuchPublicAccessBlockConfiguration");
        boolean right = block.isPresent() && Boolean.TRUE.equals(block.get().blockPublicAcls()) && Boolean.TRUE.equals(block.get().ignorePublicAcls())
                && Boolean.TRUE.equals(block.get().blockPublicPolicy()) && Boolean.TRUE.equals(block.get().restrictPublicBuckets());
        if (right) return;
        call("s3:PutPublicAccessBlock " + name, () -> s3.putPublicAccessBlock(b -> b.bucket(name).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true))));
        drifted.add("public access was not blocked");
    }

    private void versioning(S3Client s3, String name, List<String> drifted) {
        BucketVersioningStatus status = call("s3:GetBucketVersioning " + name, () -> s3.getBucketVersioning(b -> b.bucket(name)).status());
        if (status == BucketVersioningStatus.ENABLED) return;
        call("s3:PutBucketVersioning " + name, () -> s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v
                .status(BucketVersioningStatus.ENABLED))));
        drifted.add("versioning was " + (status == null ? "off" : status.toString()));
    }

    private void policy(S3Client s3, String name, List<ObjectNode> statements, List<String> drifted) {
        Optional<String> present = findByCode("s3:GetBucketPolicy " + name, () -> s3.getBucketPolicy(b -> b.bucket(name)).policy(), "NoSuchBucketPolicy");
        Policies.Merge merge = Policies.merge(present.map(Policies::parse).orElse(null), statements);
        if (!merge.changed()) return;
        AwsSteps.run("s3:PutBucketPolicy " + name, () -> s3.putBucketPolicy(b -> b.bucket(name).policy(Json.write(merge.document()))));
        drifted.add("bucket policy statements " + merge.drifted());
    }
}
