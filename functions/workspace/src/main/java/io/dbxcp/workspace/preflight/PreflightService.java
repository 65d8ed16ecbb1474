package io.dbxcp.workspace.preflight;

import io.dbxcp.common.aws.AwsCalls;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.kms.KeyCheck;
import io.dbxcp.common.kms.KeyUseCase;
import io.dbxcp.common.kms.KmsKeys;
import io.dbxcp.common.kms.PolicyDocument;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Step 1 of provision-workspace: the AWS side is checked before any Databricks call. The
 * cross-account role must trust Databricks with the account's external id, the root bucket must be
 * in the region and let Databricks in, each key must be usable for its use cases
 * ({@link KeyCheck}), and a customer-managed VPC must have its subnets in two or more AZs and its
 * security groups in the VPC. Every problem is collected and reported at once in a
 * {@link PreconditionFailedException}, each as {@code "<resource>: <what is wrong>; <what to fix>"};
 * throttling and 5xx end the step with a {@link io.dbxcp.common.errors.TransientException} instead.
 */
public final class PreflightService {
    /** What Databricks needs on the root bucket's objects and on the bucket (Databricks' root bucket policy). */
    static final List<String> OBJECT_ACTIONS = List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject");
    static final List<String> BUCKET_ACTIONS = List.of("s3:ListBucket", "s3:GetBucketLocation");

    private static final Logger LOG = LoggerFactory.getLogger(PreflightService.class);

    private final PreflightConfig config;
    private final AccountClients.Factory clients;
    private final KeyCheck keyCheck;

    public PreflightService(PreflightConfig config, AccountClients.Factory clients) {
        this.config = config;
        this.clients = clients;
        this.keyCheck = new KeyCheck(config.databricksAwsAccountId());
    }

    /** Checks the request's AWS resources; returns what was checked, or throws naming every problem. */
    public PreflightResult check(WorkspaceRequest request) {
        AccountClients aws = clients.of(request.awsAccountId(), Region.of(request.region()));
        Findings f = new Findings();
        role(aws.iam(), request, f);
        bucket(aws.s3(), request, f);
        keys(new KmsKeys(aws.kms(), request.region()), request, f);
        if (request.network() != null) network(aws.ec2(), request, f);
        if (!f.problems.isEmpty()) {
            LOG.info("preflight found {} problem(s)", f.problems.size());
            throw new PreconditionFailedException("AWS preflight of account " + request.awsAccountId() + " in " + request.region()
                    + " found " + f.problems.size() + " problem(s); fix them all, then start again:\n- " + String.join("\n- ", f.problems));
        }
        LOG.info("preflight passed: {} checks", f.checked.size());
        return new PreflightResult(f.checked);
    }

    private void role(IamClient iam, WorkspaceRequest r, Findings f) {
        String arn = r.crossAccountRoleArn();
        String at = "role " + arn + ": ";
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        Role role;
        try {
            role = f.call(at, "iam:GetRole", () -> iam.getRole(b -> b.roleName(name)).role());
        } catch (NoSuchEntityException e) {
            f.problem(at + "does not exist in account " + r.awsAccountId() + "; create it with a trust policy that lets "
                    + config.databricksPrincipal() + " assume it with sts:ExternalId " + config.databricksAccountId());
            return;
        }
        if (role == null) return;
        if (!role.arn().equals(arn)) {
            f.problem(at + "the role named " + name + " is " + role.arn() + "; set crossAccountRoleArn to " + role.arn());
        }
        PolicyDocument trust;
        try {
            trust = PolicyDocument.parse(role.assumeRolePolicyDocument());
        } catch (IllegalArgumentException e) {
            f.problem(at + "its trust policy cannot be read (" + e.getMessage() + "); put a valid trust policy");
            return;
        }
        String dbx = config.databricksPrincipal();
        String externalId = config.databricksAccountId();
        List<PolicyDocument.Statement> assume = trust.statements().stream()
                .filter(s -> !s.deny() && s.appliesTo(dbx) && s.coversAction("sts:AssumeRole")).toList();
        if (assume.isEmpty()) {
            f.problem(at + "trust policy does not let " + dbx + " assume it; add a statement Allow sts:AssumeRole for Principal {\"AWS\": \""
                    + dbx + "\"} with Condition StringEquals sts:ExternalId " + externalId);
            return;
        }
        if (!trust.allows(dbx, "sts:AssumeRole", null)) {
            f.problem(at + "trust policy denies sts:AssumeRole to " + dbx + "; remove that Deny");
            return;
        }
        if (assume.stream().noneMatch(s -> s.conditionValues("StringEquals", "sts:ExternalId").contains(externalId))) {
            Set<String> others = new TreeSet<>();
            assume.forEach(s -> others.addAll(s.conditionValues("StringEquals", "sts:ExternalId")));
            f.problem(others.isEmpty()
                    ? at + "trust policy does not require sts:ExternalId " + externalId + "; add Condition StringEquals sts:ExternalId " + externalId
                    : at + "trust policy requires sts:ExternalId " + String.join(", ", others) + ", not the Databricks account id "
                            + externalId + "; set Condition StringEquals sts:ExternalId " + externalId);
            return;
        }
        f.checked("role " + arn + " (trusts " + dbx + " with sts:ExternalId)");
    }

    private void bucket(S3Client s3, WorkspaceRequest r, Findings f) {
        String bucket = r.rootBucket();
        String at = "bucket " + bucket + ": ";
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            f.problem(at + "does not exist; create it in " + r.region() + " or correct rootBucket");
            return;
        } catch (S3Exception e) {
            if (AwsCalls.isTransient(e)) throw AwsCalls.asTransient(at + "HeadBucket", e);
            switch (e.statusCode()) {
                case 404 -> f.problem(at + "does not exist; create it in " + r.region() + " or correct rootBucket");
                case 301 -> f.problem(at + "is in " + e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
                        .orElse("another region") + ", not the workspace's region " + r.region() + "; use a bucket in " + r.region());
                case 403 -> f.problem(at + "exists but account " + r.awsAccountId() + " may not read it (403); it may belong to another "
                        + "account: use a bucket of account " + r.awsAccountId() + ", or allow s3:ListBucket to the control plane's role");
                default -> throw e;
            }
            return;
        } catch (SdkException e) {
            if (AwsCalls.isTransient(e)) throw AwsCalls.asTransient(at + "HeadBucket", e);
            throw e;
        }
        String location = f.call(at, "s3:GetBucketLocation", () -> s3.getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString());
        if (f.denied) return;
        String region = location == null || location.isEmpty() ? "us-east-1" : "EU".equals(location) ? "eu-west-1" : location;
        if (!region.equals(r.region())) {
            f.problem(at + "is in " + region + ", not the workspace's region " + r.region() + "; use a bucket in " + r.region());
            return;
        }
        String json;
        try {
            json = f.call(at, "s3:GetBucketPolicy", () -> s3.getBucketPolicy(b -> b.bucket(bucket)).policy());
        } catch (S3Exception e) {
            if (e.awsErrorDetails() == null || !"NoSuchBucketPolicy".equals(e.awsErrorDetails().errorCode())) throw e;
            f.problem(at + "has no bucket policy; add one that allows " + config.databricksPrincipal() + " " + fix(bucket));
            return;
        }
        if (f.denied) return;
        PolicyDocument policy;
        try {
            policy = PolicyDocument.parse(json);
        } catch (IllegalArgumentException e) {
            f.problem(at + "its bucket policy cannot be read (" + e.getMessage() + "); put a valid bucket policy");
            return;
        }
        String dbx = config.databricksPrincipal();
        List<String> missing = new ArrayList<>(policy.missingActions(dbx, OBJECT_ACTIONS, "arn:aws:s3:::" + bucket + "/*", p -> List.of()));
        missing.addAll(policy.missingActions(dbx, BUCKET_ACTIONS, "arn:aws:s3:::" + bucket, p -> List.of()));
        if (!missing.isEmpty()) {
            f.problem(at + "bucket policy does not allow " + dbx + " " + String.join(", ", missing) + "; add an Allow statement for Principal {\"AWS\": \""
                    + dbx + "\"} with " + fix(bucket));
            return;
        }
        f.checked("bucket " + bucket + " in " + region + " (policy lets " + dbx + " in)");
    }

    private static String fix(String bucket) {
        return String.join(", ", OBJECT_ACTIONS) + " on arn:aws:s3:::" + bucket + "/* and " + String.join(", ", BUCKET_ACTIONS)
                + " on arn:aws:s3:::" + bucket;
    }

    private void keys(KmsKeys kms, WorkspaceRequest r, Findings f) {
        for (Map.Entry<String, Set<KeyUseCase>> key : useCases(r).entrySet()) {
            KeyCheck.Result result = keyCheck.check(kms, key.getKey(), key.getValue(), r.crossAccountRoleArn());
            if (result.ok()) f.checked(result.describe());
            else result.problems().forEach(f::problem);
        }
    }

    /** Each distinct key of the request with everything it is used for, in the order the request names them. */
    static Map<String, Set<KeyUseCase>> useCases(WorkspaceRequest r) {
        Map<String, Set<KeyUseCase>> keys = new LinkedHashMap<>();
        Function<String, Set<KeyUseCase>> of = arn -> keys.computeIfAbsent(arn, a -> EnumSet.noneOf(KeyUseCase.class));
        if (r.keys() != null) {
            if (r.keys().managedServicesKeyArn() != null) of.apply(r.keys().managedServicesKeyArn()).add(KeyUseCase.MANAGED_SERVICES);
            if (r.keys().storageKeyArn() != null) {
                Set<KeyUseCase> uses = of.apply(r.keys().storageKeyArn());
                uses.add(KeyUseCase.STORAGE);
                if (!Boolean.FALSE.equals(r.keys().reuseKeyForClusterVolumes())) uses.add(KeyUseCase.CLUSTER_VOLUMES);
            }
        }
        WorkspaceRequest.Configure c = r.configure();
        if (c != null) {
            if (c.initScript() != null && c.initScript().rootBucketKeyArn() != null) {
                of.apply(c.initScript().rootBucketKeyArn()).add(KeyUseCase.ROOT_BUCKET_ENCRYPTION);
            }
            if (c.clusterPolicies() != null) {
                c.clusterPolicies().stream().filter(p -> p.dataKeyArn() != null).forEach(p -> of.apply(p.dataKeyArn()).add(KeyUseCase.DATA_ENCRYPTION));
            }
            if (c.mounts() != null && c.mounts().buckets() != null) {
                c.mounts().buckets().stream().filter(b -> b.kmsKeyArn() != null).forEach(b -> of.apply(b.kmsKeyArn()).add(KeyUseCase.DATA_ENCRYPTION));
            }
        }
        return keys;
    }

    private void network(Ec2Client ec2, WorkspaceRequest r, Findings f) {
        WorkspaceRequest.Network n = r.network();
        String vpc = n.vpcId();
        Boolean vpcExists = f.call("vpc " + vpc + ": ", "ec2:DescribeVpcs",
                () -> !ec2.describeVpcs(b -> b.filters(filter("vpc-id", List.of(vpc)))).vpcs().isEmpty());
        if (f.denied) return;
        if (Boolean.TRUE.equals(vpcExists)) f.checked("vpc " + vpc);
        else f.problem("vpc " + vpc + ": does not exist in " + r.region() + "; create it or correct network.vpcId");

        List<Subnet> subnets = f.call("subnets " + String.join(", ", n.subnetIds()) + ": ", "ec2:DescribeSubnets",
                () -> ec2.describeSubnets(b -> b.filters(filter("subnet-id", n.subnetIds()))).subnets());
        if (f.denied) return;
        Map<String, Subnet> found = subnets.stream().collect(Collectors.toMap(Subnet::subnetId, s -> s, (a, b) -> a));
        int before = f.problems.size();
        for (String id : n.subnetIds()) {
            Subnet s = found.get(id);
            if (s == null) f.problem("subnet " + id + ": does not exist in " + r.region() + "; create it in " + vpc + " or correct network.subnetIds");
            else if (!vpc.equals(s.vpcId())) f.problem("subnet " + id + ": belongs to " + s.vpcId() + ", not " + vpc + "; use subnets of " + vpc);
        }
        Set<String> zones = new TreeSet<>();
        n.subnetIds().stream().map(found::get).filter(s -> s != null && vpc.equals(s.vpcId())).forEach(s -> zones.add(s.availabilityZone()));
        if (zones.size() == 1) {
            f.problem("subnets " + String.join(", ", n.subnetIds()) + ": all in one availability zone " + zones.iterator().next()
                    + "; use subnets in at least two availability zones");
        }
        if (f.problems.size() == before) {
            f.checked("subnets " + String.join(", ", n.subnetIds()) + " in " + zones.size() + " AZs (" + String.join(", ", zones) + ")");
        }

        List<SecurityGroup> groups = f.call("security groups " + String.join(", ", n.securityGroupIds()) + ": ", "ec2:DescribeSecurityGroups",
                () -> ec2.describeSecurityGroups(b -> b.filters(filter("group-id", n.securityGroupIds()))).securityGroups());
        if (f.denied) return;
        Map<String, SecurityGroup> sgs = groups.stream().collect(Collectors.toMap(SecurityGroup::groupId, g -> g, (a, b) -> a));
        before = f.problems.size();
        for (String id : n.securityGroupIds()) {
            SecurityGroup g = sgs.get(id);
            if (g == null) f.problem("security group " + id + ": does not exist in " + r.region() + "; create it in " + vpc + " or correct network.securityGroupIds");
            else if (!vpc.equals(g.vpcId())) f.problem("security group " + id + ": belongs to " + g.vpcId() + ", not " + vpc + "; use security groups of " + vpc);
        }
        if (f.problems.size() == before) f.checked("security groups " + String.join(", ", n.securityGroupIds()) + " in " + vpc);
    }

    private static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    /** What one run found: problems and what passed. */
    private static final class Findings {
        final List<String> problems = new ArrayList<>();
        final List<String> checked = new ArrayList<>();
        /** The last call was refused (already a problem); the caller stops checking that resource. */
        boolean denied;

        void problem(String p) {
            problems.add(p);
        }

        void checked(String c) {
            checked.add(c);
        }

        /**
         * Runs one AWS read. Throttling and 5xx throw a TransientException; a refusal becomes a
         * problem (and {@link #denied}, returning null); anything else, such as "no such role", is
         * the caller's to catch.
         */
        <T> T call(String at, String action, Supplier<T> read) {
            denied = false;
            try {
                return read.get();
            } catch (SdkException e) {
                if (AwsCalls.isTransient(e)) throw AwsCalls.asTransient(at + action, e);
                if (!AwsCalls.isDenied(e)) throw e;
                denied = true;
                problems.add(at + "the control plane may not read it (" + AwsCalls.describe(e) + "); allow " + action
                        + " to the role the control plane uses in this account");
                return null;
            }
        }
    }
}
