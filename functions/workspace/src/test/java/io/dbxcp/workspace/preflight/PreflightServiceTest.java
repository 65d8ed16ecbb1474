package io.dbxcp.workspace.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.json.Json;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.SampleEvents;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

/** Preflight against moto through the real SDK clients: the prepared sample passes, then each broken resource is named with its fix. */
class PreflightServiceTest {
    @RegisterExtension
    static final MotoServer moto = MotoServer.shared();

    static final String DATABRICKS_ACCOUNT_ID = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    static final String DATABRICKS = "arn:aws:iam::414351767826:root";

    final PreflightService service = new PreflightService(new PreflightConfig(DATABRICKS_ACCOUNT_ID, "414351767826"),
            (account, region) -> {
                assertThat(account).isEqualTo(MotoServer.ACCOUNT);
                return AccountClients.of(moto.awsSettings(), region);
            });
    final AccountClients aws = AwsFixtures.clients(moto, "us-east-1");
    ObjectNode detail;

    @BeforeEach
    void prepare() {
        detail = AwsFixtures.prepare(moto, DATABRICKS_ACCOUNT_ID, (ObjectNode) SampleEvents.copy("workspace-request.json").path("detail"));
    }

    WorkspaceRequest request() {
        return Json.convert(detail, WorkspaceRequest.class).withDefaults();
    }

    AbstractStringAssert<?> failure() {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> service.check(request()));
        assertThat(t).isInstanceOf(PreconditionFailedException.class);
        return assertThat(t.getMessage());
    }

    String role() {
        return detail.path("crossAccountRoleArn").asText();
    }

    String roleName() {
        return role().substring(role().lastIndexOf('/') + 1);
    }

    String bucket() {
        return detail.path("rootBucket").asText();
    }

    String storageKey() {
        return detail.path("keys").path("storageKeyArn").asText();
    }

    String managedKey() {
        return detail.path("keys").path("managedServicesKeyArn").asText();
    }

    /** moto (5.2) disables and schedules deletion by key id only: given an ARN it answers 500. */
    static String keyId(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    @Test
    void check_preparedSampleRequest_passesAndListsWhatWasChecked() {
        PreflightResult result = service.check(request());

        String dataKey = detail.path("configure").path("clusterPolicies").get(0).path("dataKeyArn").asText();
        assertThat(result.checked()).containsExactly(
                "role " + role() + " (trusts " + DATABRICKS + " with sts:ExternalId)",
                "bucket " + bucket() + " in us-east-1 (policy lets " + DATABRICKS + " in)",
                "key " + managedKey() + " (MANAGED_SERVICES)",
                "key " + storageKey() + " (STORAGE, CLUSTER_VOLUMES, ROOT_BUCKET_ENCRYPTION)",
                "key " + dataKey + " (DATA_ENCRYPTION)",
                "vpc " + detail.path("network").path("vpcId").asText(),
                "subnets " + String.join(", ", Json.convert(detail.path("network").path("subnetIds"), String[].class))
                        + " in 3 AZs (us-east-1a, us-east-1b, us-east-1c)",
                "security groups " + detail.path("network").path("securityGroupIds").get(0).asText() + " in " + detail.path("network").path("vpcId").asText());
    }

    @Test
    void check_minimalRequest_checksRoleAndBucketOnly() {
        detail = AwsFixtures.prepare(moto, DATABRICKS_ACCOUNT_ID, (ObjectNode) SampleEvents.copy("workspace-request-minimal.json").path("detail"));

        assertThat(service.check(request()).checked()).hasSize(2);
    }

    @Test
    void check_roleMissing_failsSayingItDoesNotExist() {
        aws.iam().deleteRole(b -> b.roleName(roleName()));

        failure().contains("role " + role() + ": does not exist in account 123456789012; create it with a trust policy that lets "
                + DATABRICKS + " assume it with sts:ExternalId " + DATABRICKS_ACCOUNT_ID);
    }

    @Test
    void check_roleWithoutExternalId_failsNamingTheRoleAndTheFix() {
        aws.iam().updateAssumeRolePolicy(b -> b.roleName(roleName()).policyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::414351767826:root"]},"Action":"sts:AssumeRole"}]}"""));

        failure().contains("role " + role() + ": trust policy does not require sts:ExternalId " + DATABRICKS_ACCOUNT_ID
                + "; add Condition StringEquals sts:ExternalId " + DATABRICKS_ACCOUNT_ID);
    }

    @Test
    void check_roleWithAnotherExternalId_namesBothIds() {
        aws.iam().updateAssumeRolePolicy(b -> b.roleName(roleName()).policyDocument(AwsFixtures.trustPolicy("414351767826", "someone-else")));

        failure().contains("role " + role() + ": trust policy requires sts:ExternalId someone-else, not the Databricks account id " + DATABRICKS_ACCOUNT_ID);
    }

    @Test
    void check_roleTrustingAnotherAccount_saysDatabricksCannotAssumeIt() {
        aws.iam().updateAssumeRolePolicy(b -> b.roleName(roleName()).policyDocument(AwsFixtures.trustPolicy("999999999999", DATABRICKS_ACCOUNT_ID)));

        failure().contains("role " + role() + ": trust policy does not let " + DATABRICKS + " assume it; add a statement Allow sts:AssumeRole");
    }

    @Test
    void check_bucketMissing_failsSayingItDoesNotExist() {
        aws.s3().deleteBucket(b -> b.bucket(bucket()));

        failure().contains("bucket " + bucket() + ": does not exist; create it in us-east-1 or correct rootBucket");
    }

    @Test
    void check_bucketPolicyWithoutDatabricks_namesTheMissingActions() {
        aws.s3().putBucketPolicy(b -> b.bucket(bucket()).policy("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::414351767826:root"},
                 "Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::%s/*","arn:aws:s3:::%s"]},
                 {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:*","Resource":"arn:aws:s3:::%s/*"}]}"""
                .formatted(bucket(), bucket(), bucket())));

        failure().contains("bucket " + bucket() + ": bucket policy does not allow " + DATABRICKS
                + " s3:GetObjectVersion, s3:PutObject, s3:DeleteObject, s3:GetBucketLocation; add an Allow statement");
    }

    @Test
    void check_bucketWithoutPolicy_saysToAddOne() {
        aws.s3().deleteBucketPolicy(b -> b.bucket(bucket()));

        failure().contains("bucket " + bucket() + ": has no bucket policy; add one that allows " + DATABRICKS + " s3:GetObject");
    }

    @Test
    void check_keyDisabled_failsNamingTheKey() {
        aws.kms().disableKey(b -> b.keyId(keyId(managedKey())));

        failure().contains("key " + managedKey() + ": is disabled; enable it (kms enable-key)");
    }

    @Test
    void check_keyPendingDeletion_saysTheDate() {
        Instant date = aws.kms().scheduleKeyDeletion(b -> b.keyId(keyId(storageKey())).pendingWindowInDays(7)).deletionDate();

        failure().contains("key " + storageKey() + ": is pending deletion, scheduled for "
                + DateTimeFormatter.ISO_INSTANT.format(date.truncatedTo(ChronoUnit.SECONDS)) + "; cancel the deletion");
    }

    @Test
    void check_keyPolicyWithoutDatabricks_namesTheMissingActionsAndTheStatement() {
        aws.kms().putKeyPolicy(b -> b.keyId(storageKey()).policyName("default").policy("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"}]}"""));

        failure().contains("key " + storageKey() + ": key policy does not allow " + DATABRICKS
                        + " kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey (needed for STORAGE, ROOT_BUCKET_ENCRYPTION)")
                .contains("key " + storageKey() + ": key policy does not allow " + role()
                        + " kms:Decrypt, kms:GenerateDataKey*, kms:CreateGrant, kms:DescribeKey (needed for CLUSTER_VOLUMES)")
                .contains("\"Allow Databricks to use KMS key for EBS\" with Condition ForAnyValue:StringLike kms:ViaService ec2.*.amazonaws.com");
    }

    @Test
    void check_keyWithoutClusterVolumes_doesNotNeedTheRoleStatement() {
        detail.withObject("keys").put("reuseKeyForClusterVolumes", false);
        String policyWithoutEbs = AwsFixtures.keyPolicy(MotoServer.ACCOUNT, "arn:aws:iam::123456789012:role/someone-else");
        aws.kms().putKeyPolicy(b -> b.keyId(storageKey()).policyName("default").policy(policyWithoutEbs));

        assertThat(service.check(request()).checked()).contains("key " + storageKey() + " (STORAGE, ROOT_BUCKET_ENCRYPTION)");
    }

    @Test
    void check_keyInAnotherRegion_namesTheRegion() {
        AccountClients west = AwsFixtures.clients(moto, "us-west-2");
        String westKey = west.kms().createKey(b -> b.policy(AwsFixtures.keyPolicy(MotoServer.ACCOUNT, role()))).keyMetadata().arn();
        detail.withObject("keys").put("managedServicesKeyArn", westKey);

        failure().contains("key " + westKey + ": is in region us-west-2, not the workspace's region us-east-1; use a key in us-east-1");
    }

    @Test
    void check_keyThatDoesNotExist_saysSo() {
        String ghost = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000";
        detail.withObject("keys").put("managedServicesKeyArn", ghost);

        failure().contains("key " + ghost + ": does not exist in us-east-1; create the key or correct the ARN");
    }

    @Test
    void check_subnetsInOneAz_fails() {
        String vpc = detail.path("network").path("vpcId").asText();
        var subnets = detail.withObject("network").putArray("subnetIds");
        for (int i = 10; i < 12; i++) {
            int third = i;
            subnets.add(aws.ec2().createSubnet(b -> b.vpcId(vpc).cidrBlock(cidr(vpc, third)).availabilityZone("us-east-1a")).subnet().subnetId());
        }

        failure().contains("subnets " + subnets.get(0).asText() + ", " + subnets.get(1).asText()
                + ": all in one availability zone us-east-1a; use subnets in at least two availability zones");
    }

    @Test
    void check_subnetMissingOrInAnotherVpc_isNamed() {
        String vpc = detail.path("network").path("vpcId").asText();
        String otherVpc = aws.ec2().createVpc(b -> b.cidrBlock("172.31.0.0/16")).vpc().vpcId();
        String foreign = aws.ec2().createSubnet(b -> b.vpcId(otherVpc).cidrBlock("172.31.1.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
        var subnets = detail.withObject("network").withArray("subnetIds");
        subnets.set(1, foreign);
        subnets.set(2, "subnet-0123456789abcdef0");

        failure().contains("subnet " + foreign + ": belongs to " + otherVpc + ", not " + vpc + "; use subnets of " + vpc)
                .contains("subnet subnet-0123456789abcdef0: does not exist in us-east-1");
    }

    @Test
    void check_securityGroupOfAnotherVpc_fails() {
        String vpc = detail.path("network").path("vpcId").asText();
        String otherVpc = aws.ec2().createVpc(b -> b.cidrBlock("172.30.0.0/16")).vpc().vpcId();
        String sg = aws.ec2().createSecurityGroup(b -> b.vpcId(otherVpc).groupName("elsewhere-" + otherVpc).description("other")).groupId();
        detail.withObject("network").putArray("securityGroupIds").add(sg);

        failure().contains("security group " + sg + ": belongs to " + otherVpc + ", not " + vpc + "; use security groups of " + vpc);
    }

    @Test
    void check_severalProblems_reportsThemAll() {
        aws.iam().updateAssumeRolePolicy(b -> b.roleName(roleName()).policyDocument("""
                {"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::414351767826:root"},"Action":["sts:AssumeRole"]}}"""));
        aws.s3().deleteBucketPolicy(b -> b.bucket(bucket()));
        aws.kms().disableKey(b -> b.keyId(keyId(managedKey())));
        detail.withObject("network").putArray("securityGroupIds").add("sg-0123456789abcdef0");

        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> service.check(request()));

        assertThat(t).isInstanceOf(PreconditionFailedException.class);
        assertThat(t.getMessage()).startsWith("AWS preflight of account 123456789012 in us-east-1 found 4 problem(s); fix them all, then start again:\n- ");
        assertThat(t.getMessage().lines().skip(1)).satisfiesExactly(
                l -> assertThat(l).startsWith("- role " + role() + ": trust policy does not require sts:ExternalId"),
                l -> assertThat(l).startsWith("- bucket " + bucket() + ": has no bucket policy"),
                l -> assertThat(l).startsWith("- key " + managedKey() + ": is disabled"),
                l -> assertThat(l).startsWith("- security group sg-0123456789abcdef0: does not exist in us-east-1"));
    }

    @Test
    void prepare_rewritesEveryKeyArnAndAccountOfTheRequest() {
        String text = detail.toString();

        assertThat(text).doesNotContain("111122223333").doesNotContain("1b2c3d4e-5f60").doesNotContain("vpc-0a1b2c3d4e5f60718");
        assertThat(detail.path("configure").path("initScript").path("rootBucketKeyArn").asText()).isEqualTo(storageKey());
        assertThat(detail.path("configure").path("mounts").path("buckets").get(0).path("kmsKeyArn").asText())
                .isEqualTo(detail.path("configure").path("clusterPolicies").get(0).path("dataKeyArn").asText());
        assertThat(Region.of(detail.path("region").asText())).isEqualTo(Region.US_EAST_1);
    }

    /** A /24 of the VPC's /16. */
    private String cidr(String vpc, int third) {
        String block = aws.ec2().describeVpcs(b -> b.vpcIds(vpc)).vpcs().get(0).cidrBlock();
        return block.replaceFirst("\\.0\\.0/16$", "." + third + ".0/24");
    }
}
