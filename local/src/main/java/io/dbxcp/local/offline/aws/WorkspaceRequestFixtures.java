package io.dbxcp.local.offline.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.kms.KeyCheck;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Makes in moto everything a workspace request needs to pass preflight, and returns the request
 * rewritten to name what it made: for offline runs of provision-workspace (its fixture preparer)
 * and for the end-to-end tests. Moto makes its own ids for keys, VPCs and subnets, so the sample's
 * ids cannot be kept.
 *
 * <p>What it does, on a copy of the request: {@code awsAccountId} and every ARN of the request's
 * account move to moto's account (123456789012); the cross-account role is made with the trust
 * policy Databricks documents (principal {@code arn:aws:iam::414351767826:root}, {@code sts:ExternalId}
 * = the Databricks account id); the root bucket is made in the request's region with Databricks'
 * root bucket policy; each distinct KMS key ARN of the request becomes a key made with a policy
 * that has every documented Databricks statement (managed services, storage, EBS for the role), and
 * every place the old ARN appeared names the new key; with {@code network}, a VPC, one subnet per
 * requested subnet spread over three AZs, and the security groups are made and their ids rewritten.
 * Role and bucket names get a suffix unique in the JVM, so calls never collide on the shared moto.
 * Instance profiles, log delivery roles and data buckets are not made (preflight does not read them).
 */
public final class WorkspaceRequestFixtures {
    public static final String DATABRICKS_AWS_ACCOUNT_ID = KeyCheck.DATABRICKS_AWS_ACCOUNT_ID;
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]{36}");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Tells runs of different JVMs apart on a moto that outlives them. */
    private static final String RUN = Long.toString(System.nanoTime() % 46656, 36);

    private WorkspaceRequestFixtures() {}

    /** The AWS clients the fixtures use, in one region. */
    public record Clients(IamClient iam, S3Client s3, KmsClient kms, Ec2Client ec2, StsClient sts) {
        public static Clients of(AwsSettings settings, String region) {
            AwsSettings in = new AwsSettings(Region.of(region), settings.endpoint(), settings.credentials(), settings.httpTimeout());
            AwsSettings global = new AwsSettings(Region.AWS_GLOBAL, settings.endpoint(), settings.credentials(), settings.httpTimeout());
            return new Clients(AwsClients.build(IamClient.builder(), global),
                    AwsClients.build(S3Client.builder().forcePathStyle(settings.endpoint() != null), in),
                    AwsClients.build(KmsClient.builder(), in), AwsClients.build(Ec2Client.builder(), in), AwsClients.build(StsClient.builder(), in));
        }
    }

    /**
     * Makes the request's resources in moto and returns a rewritten copy of {@code requestDetail}
     * (the {@code detail} of a "Workspace Requested" event); the argument is not changed.
     */
    public static ObjectNode prepare(AwsSettings settings, String databricksAccountId, ObjectNode requestDetail) {
        ObjectNode r = requestDetail.deepCopy();
        int n = SEQUENCE.incrementAndGet();
        String region = r.path("region").asText(settings.region().id());
        Clients aws = Clients.of(settings, region);
        String account = aws.sts().getCallerIdentity().account();
        String original = r.path("awsAccountId").asText();
        r.put("awsAccountId", account);
        if (!original.isEmpty() && !original.equals(account)) rewrite(r, s -> s.replace(":" + original + ":", ":" + account + ":"));

        String roleArn = role(aws, r.path("crossAccountRoleArn").asText(), n, databricksAccountId);
        r.put("crossAccountRoleArn", roleArn);
        r.put("rootBucket", bucket(aws, r.path("rootBucket").asText(), n, region, databricksAccountId));

        Map<String, String> keys = new HashMap<>();
        collectKeys(r, keys);
        for (Map.Entry<String, String> k : keys.entrySet()) {
            k.setValue(aws.kms().createKey(b -> b.description("dbxcp test key for " + k.getKey())
                    .policy(keyPolicy(account, roleArn))).keyMetadata().arn());
        }
        rewrite(r, s -> keys.getOrDefault(s, s));

        if (r.path("network").isObject()) network(aws, (ObjectNode) r.path("network"), n, region);
        instanceProfiles(aws, r);
        return r;
    }

    /** The trust policy Databricks documents for the cross-account role. */
    public static String trustPolicy(String databricksAwsAccountId, String externalId) {
        return """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                 "Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}""".formatted(databricksAwsAccountId, externalId);
    }

    /** The root bucket policy Databricks documents (Terraform's {@code databricks_aws_bucket_policy}), with its account-id condition. */
    public static String rootBucketPolicy(String bucket, String databricksAccountId) {
        return """
                {"Version":"2012-10-17","Statement":[{"Sid":"Grant Databricks Access","Effect":"Allow",
                 "Principal":{"AWS":"arn:aws:iam::%s:root"},
                 "Action":["s3:GetObject","s3:GetObjectVersion","s3:PutObject","s3:DeleteObject","s3:ListBucket","s3:GetBucketLocation"],
                 "Resource":["arn:aws:s3:::%s/*","arn:aws:s3:::%s"],
                 "Condition":{"StringEquals":{"aws:PrincipalTag/DatabricksAccountId":["%s"]}}}]}"""
                .formatted(DATABRICKS_AWS_ACCOUNT_ID, bucket, bucket, databricksAccountId);
    }

    /** A key policy with the account's admin statement and every statement Databricks documents (managed services, storage, EBS). */
    public static String keyPolicy(String account, String crossAccountRoleArn) {
        return """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:root"},"Action":"kms:*","Resource":"*"},
                 {"Sid":"Allow Databricks to use KMS key for control plane managed services","Effect":"Allow",
                  "Principal":{"AWS":"arn:aws:iam::%2$s:root"},"Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*"},
                 {"Sid":"Allow Databricks to use KMS key for DBFS","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%2$s:root"},
                  "Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"},
                 {"Sid":"Allow Databricks to use KMS key for EBS","Effect":"Allow","Principal":{"AWS":"%3$s"},
                  "Action":["kms:Decrypt","kms:GenerateDataKey*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*",
                  "Condition":{"ForAnyValue:StringLike":{"kms:ViaService":"ec2.*.amazonaws.com"}}}]}"""
                .formatted(account, DATABRICKS_AWS_ACCOUNT_ID, crossAccountRoleArn);
    }

    private static String role(Clients aws, String requestedArn, int n, String databricksAccountId) {
        String resource = requestedArn.substring(requestedArn.indexOf(":role/") + ":role/".length());
        int slash = resource.lastIndexOf('/');
        String path = slash < 0 ? "/" : "/" + resource.substring(0, slash + 1);
        String name = truncate(resource.substring(slash + 1), 55) + "-" + n + "-" + RUN;
        return aws.iam().createRole(b -> b.roleName(name).path(path)
                .assumeRolePolicyDocument(trustPolicy(DATABRICKS_AWS_ACCOUNT_ID, databricksAccountId))).role().arn();
    }

    private static String bucket(Clients aws, String requested, int n, String region, String databricksAccountId) {
        String suffix = "-" + n + "-" + RUN;
        String name = truncate(requested, 63 - suffix.length()).replaceAll("[.-]+$", "") + suffix;
        aws.s3().createBucket(b -> {
            b.bucket(name);
            if (!"us-east-1".equals(region)) b.createBucketConfiguration(c -> c.locationConstraint(region));
        });
        aws.s3().putBucketPolicy(b -> b.bucket(name).policy(rootBucketPolicy(name, databricksAccountId)));
        return name;
    }

    private static void network(Clients aws, ObjectNode net, int n, String region) {
        int octet = n % 250;
        String vpc = aws.ec2().createVpc(b -> b.cidrBlock("10." + octet + ".0.0/16")).vpc().vpcId();
        int count = Math.max(2, requestedCount(net, "subnetIds", 3));
        int groupCount = Math.max(1, requestedCount(net, "securityGroupIds", 1));
        ArrayNode subnets = net.putArray("subnetIds");
        List<String> zones = List.of(region + "a", region + "b", region + "c");
        for (int i = 0; i < count; i++) {
            int index = i;
            subnets.add(aws.ec2().createSubnet(b -> b.vpcId(vpc).cidrBlock("10." + octet + "." + index + ".0/24")
                    .availabilityZone(zones.get(index % zones.size()))).subnet().subnetId());
        }
        ArrayNode groups = net.putArray("securityGroupIds");
        for (int i = 0; i < groupCount; i++) {
            int index = i;
            groups.add(aws.ec2().createSecurityGroup(b -> b.vpcId(vpc).groupName("dbxcp-workspace-" + n + "-" + RUN + "-" + index)
                    .description("dbxcp test workspace nodes")).groupId());
        }
        net.put("vpcId", vpc);
    }

    private static final Pattern PROFILE_ARN = Pattern.compile("arn:aws:iam::\\d{12}:instance-profile/(?:.*/)?([\\w+=,.@-]+)");

    /** Each instance profile the request names (the meta profile, the data roles' profiles), with a role of the same name. */
    private static void instanceProfiles(Clients aws, JsonNode request) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        collect(request, PROFILE_ARN, names);
        for (String name : names) {
            try {
                aws.iam().createRole(b -> b.roleName(name).assumeRolePolicyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
                aws.iam().createInstanceProfile(b -> b.instanceProfileName(name));
                aws.iam().addRoleToInstanceProfile(b -> b.instanceProfileName(name).roleName(name));
            } catch (software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException exists) {
                // made by an earlier preparation on the same moto
            }
        }
    }

    private static void collect(JsonNode node, Pattern pattern, java.util.Set<String> names) {
        if (node.isTextual()) {
            var m = pattern.matcher(node.asText());
            if (m.matches()) names.add(m.group(1));
        }
        node.forEach(child -> collect(child, pattern, names));
    }

    private static int requestedCount(ObjectNode net, String field, int fallback) {
        return net.path(field).isArray() ? net.path(field).size() : fallback;
    }

    private static void collectKeys(JsonNode node, Map<String, String> keys) {
        if (node.isTextual() && KEY_ARN.matcher(node.asText()).matches()) keys.putIfAbsent(node.asText(), null);
        node.forEach(child -> collectKeys(child, keys));
    }

    /** Applies {@code f} to every string value of the tree, in place. */
    private static void rewrite(JsonNode node, UnaryOperator<String> f) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) e.setValue(TextNode.valueOf(f.apply(e.getValue().asText())));
                else rewrite(e.getValue(), f);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) a.set(i, TextNode.valueOf(f.apply(a.get(i).asText())));
                else rewrite(a.get(i), f);
            }
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
