package io.dbxcp.accounts.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.accounts.access.TargetClients;
import io.dbxcp.accounts.policy.RequestSimulator;
import io.dbxcp.accounts.policy.RequestSimulator.Decision;
import io.dbxcp.common.kms.KeyCheck;
import io.dbxcp.common.kms.KeyPolicy;
import io.dbxcp.common.kms.KeyUseCase;
import io.dbxcp.common.kms.KmsKeys;
import io.dbxcp.common.kms.PolicyDocument;
import io.dbxcp.common.validation.RequestRules;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.events.EventRouting;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * onboard-account end to end: the real state machine on the local runner, the real handlers, moto
 * (a fresh account per test: moto serves any account id) and the Databricks emulator, the sample
 * events of events/ routed as the intake routes them.
 */
class OnboardAccountWorkflowTest {
    static final String DATABRICKS_AWS = "arn:aws:iam::414351767826:root";
    static OnboardingHarness h;
    static LocalRunner runner;

    @BeforeAll
    static void start() {
        h = OnboardingHarness.start();
        runner = h.runner(0.02, Map.of());
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void clean() {
        h.emulator().faults().clear();
        h.events();
    }

    Execution onboard(JsonNode event) {
        EventRouting.Routed routed = h.route(runner, event, true);
        return h.run(runner, routed, "");
    }

    @Test
    void controlTowerEvent_onboardsAFreshAccount_everyResourceAsDatabricksAndTheSeedRequire() {
        String account = "210000000001";
        Execution ex = onboard(OnboardingHarness.controlTowerEvent(account));

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        JsonNode out = ex.output();
        assertThat(h.events("Account Onboarded")).singleElement().satisfies(e -> assertThat(e.path("detail")).isEqualTo(out));
        assertThat(out.path("accessRoleArn").asText()).isEqualTo("arn:aws:iam::" + account + ":role/AWSControlTowerExecution");
        assertThat(out.path("origin").asText()).isEqualTo("CONTROL_TOWER");
        String dbxAccount = h.emulator().accountId();
        TargetClients aws = h.in(account);

        // KMS: rotation, aliases, and policies that pass the checks provision-workspace makes
        String storageKey = out.at("/keys/storage/keyArn").asText();
        String managedKey = out.at("/keys/managedServices/keyArn").asText();
        String crossAccountRole = out.at("/roles/crossAccountRoleArn").asText();
        for (String key : List.of(storageKey, managedKey)) {
            assertThat(aws.kms().getKeyRotationStatus(b -> b.keyId(key)).keyRotationEnabled()).as("rotation of %s", key).isTrue();
        }
        assertThat(aws.kms().describeKey(b -> b.keyId("alias/dbxcp-storage")).keyMetadata().arn()).isEqualTo(storageKey);
        assertThat(aws.kms().describeKey(b -> b.keyId("alias/dbxcp-managed-services")).keyMetadata().arn()).isEqualTo(managedKey);
        KeyCheck check = new KeyCheck(KeyCheck.DATABRICKS_AWS_ACCOUNT_ID);
        KmsKeys kms = new KmsKeys(aws.kms(), "us-east-1");
        assertThat(check.check(kms, storageKey, EnumSet.of(KeyUseCase.STORAGE, KeyUseCase.CLUSTER_VOLUMES, KeyUseCase.ROOT_BUCKET_ENCRYPTION),
                crossAccountRole).problems()).isEmpty();
        assertThat(check.check(kms, managedKey, EnumSet.of(KeyUseCase.MANAGED_SERVICES), crossAccountRole).problems()).isEmpty();
        KeyPolicy storagePolicy = KeyPolicy.parse(aws.kms().getKeyPolicy(b -> b.keyId(storageKey).policyName("default")).policy());
        KeyPolicy managedPolicy = KeyPolicy.parse(aws.kms().getKeyPolicy(b -> b.keyId(managedKey).policyName("default")).policy());
        assertThat(managedPolicy.allows(DATABRICKS_AWS, "kms:GenerateDataKey")).as("managed services: only Encrypt and Decrypt").isFalse();
        assertThat(managedPolicy.allows(crossAccountRole, "kms:CreateGrant")).isFalse();
        assertThat(storagePolicy.allows(crossAccountRole, "kms:Encrypt")).as("EBS: no Encrypt for the role").isFalse();
        for (JsonNode role : out.at("/roles/dataRoles")) {
            assertThat(storagePolicy.allows(role.path("roleArn").asText(), "kms:GenerateDataKey")).isTrue();
            assertThat(storagePolicy.allows(role.path("roleArn").asText(), "kms:ScheduleKeyDeletion")).isFalse();
            assertThat(managedPolicy.allows(role.path("roleArn").asText(), "kms:Decrypt")).isFalse();
        }

        // S3: encryption, public access, versioning; policies that refuse non-TLS requests and unencrypted puts
        JsonNode buckets = out.path("buckets");
        assertThat(buckets.fieldNames()).toIterable().containsExactlyInAnyOrder("root", "logs", "raw", "prepared", "trusted");
        for (JsonNode b : buckets) {
            String name = b.path("name").asText();
            assertThat(name).startsWith("dbxcp-" + account + "-us-east-1-");
            ServerSideEncryptionRule rule = aws.s3().getBucketEncryption(r -> r.bucket(name)).serverSideEncryptionConfiguration().rules().get(0);
            assertThat(rule.applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("aws:kms");
            assertThat(rule.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(storageKey);
            assertThat(rule.bucketKeyEnabled()).isTrue();
            var block = aws.s3().getPublicAccessBlock(r -> r.bucket(name)).publicAccessBlockConfiguration();
            assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(), block.restrictPublicBuckets())).containsOnly(true);
            assertThat(aws.s3().getBucketVersioning(r -> r.bucket(name)).statusAsString()).isEqualTo("Enabled");
            String policy = aws.s3().getBucketPolicy(r -> r.bucket(name)).policy();
            String anyone = "arn:aws:iam::" + account + ":role/anyone";
            String object = "arn:aws:s3:::" + name + "/data/file.parquet";
            assertThat(RequestSimulator.evaluate(policy, anyone, "s3:GetObject", object, Map.of("aws:SecureTransport", "false")))
                    .as("a read over plain HTTP from %s", name).isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(RequestSimulator.evaluate(policy, DATABRICKS_AWS, "s3:PutObject", object, Map.of("aws:SecureTransport", "false")))
                    .as("even Databricks over plain HTTP").isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(RequestSimulator.evaluate(policy, anyone, "s3:PutObject", object,
                    Map.of("aws:SecureTransport", "true", "s3:x-amz-server-side-encryption", "AES256")))
                    .as("a put asking for SSE-S3 into %s", name).isEqualTo(Decision.EXPLICIT_DENY);
            assertThat(RequestSimulator.evaluate(policy, anyone, "s3:PutObject", object,
                    Map.of("aws:SecureTransport", "true", "s3:x-amz-server-side-encryption", "aws:kms")))
                    .as("an SSE-KMS put over TLS into %s", name).isNotEqualTo(Decision.EXPLICIT_DENY);
            Decision noHeader = RequestSimulator.evaluate(policy, anyone, "s3:PutObject", object, Map.of("aws:SecureTransport", "true"));
            if (List.of("raw", "prepared", "trusted").contains(b.path("purpose").asText())) {
                assertThat(noHeader).as("a put without encryption into the data lake bucket %s", name).isEqualTo(Decision.EXPLICIT_DENY);
            } else {
                // Databricks writes these itself; the bucket's default SSE-KMS encrypts what comes without the header
                assertThat(noHeader).as("a put without the header into %s", name).isNotEqualTo(Decision.EXPLICIT_DENY);
            }
        }
        String rootPolicy = aws.s3().getBucketPolicy(r -> r.bucket(buckets.at("/root/name").asText())).policy();
        String root = "arn:aws:s3:::" + buckets.at("/root/name").asText();
        assertThat(PolicyDocument.parse(rootPolicy).missingActions(DATABRICKS_AWS,
                List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject"), root + "/*", p -> List.of())).isEmpty();
        assertThat(RequestSimulator.evaluate(rootPolicy, DATABRICKS_AWS, "s3:PutObject", root + "/x",
                Map.of("aws:SecureTransport", "true", "aws:PrincipalTag/DatabricksAccountId", dbxAccount))).isEqualTo(Decision.ALLOW);
        assertThat(RequestSimulator.evaluate(rootPolicy, DATABRICKS_AWS, "s3:PutObject", root + "/x",
                Map.of("aws:SecureTransport", "true", "aws:PrincipalTag/DatabricksAccountId", "another-databricks-account")))
                .as("Databricks acting for another account").isEqualTo(Decision.IMPLICIT_DENY);

        // IAM: trust with the external id, the meta instance profile and the data roles
        PolicyDocument trust = PolicyDocument.parse(aws.iam().getRole(b -> b.roleName("dbxcp-cross-account")).role().assumeRolePolicyDocument());
        assertThat(trust.statements()).singleElement().satisfies(s -> {
            assertThat(s.appliesTo(DATABRICKS_AWS)).isTrue();
            assertThat(s.conditionValues("StringEquals", "sts:ExternalId")).containsExactly(dbxAccount);
        });
        assertThat(RequestSimulator.evaluate(Json(aws.iam().getRole(b -> b.roleName("dbxcp-cross-account")).role().assumeRolePolicyDocument()),
                DATABRICKS_AWS, "sts:AssumeRole", null, Map.of())).as("without the external id").isEqualTo(Decision.IMPLICIT_DENY);
        String metaRole = out.at("/roles/metaInstanceProfile/roleArn").asText();
        assertThat(aws.iam().getInstanceProfile(b -> b.instanceProfileName("dbxcp-meta-instance-profile")).instanceProfile().roles())
                .extracting(r -> r.arn()).containsExactly(metaRole);
        String metaPolicy = Json(aws.iam().getRolePolicy(b -> b.roleName("dbxcp-meta-instance-profile").policyName("dbxcp-policy")).policyDocument());
        for (JsonNode role : out.at("/roles/dataRoles")) {
            String roleName = role.path("roleArn").asText().substring(role.path("roleArn").asText().lastIndexOf('/') + 1);
            assertThat(RequestSimulator.evaluateIdentity(metaPolicy, "sts:AssumeRole", role.path("roleArn").asText(), Map.of())).isEqualTo(Decision.ALLOW);
            PolicyDocument dataTrust = PolicyDocument.parse(aws.iam().getRole(b -> b.roleName(roleName)).role().assumeRolePolicyDocument());
            assertThat(dataTrust.allows(metaRole, "sts:AssumeRole", null)).isTrue();
            String dataPolicy = Json(aws.iam().getRolePolicy(b -> b.roleName(roleName).policyName("dbxcp-policy")).policyDocument());
            String bucket = "arn:aws:s3:::" + role.path("bucket").asText();
            assertThat(RequestSimulator.evaluateIdentity(dataPolicy, "s3:PutObject", bucket + "/x", Map.of())).isEqualTo(Decision.ALLOW);
            assertThat(RequestSimulator.evaluateIdentity(dataPolicy, "s3:ListBucket", bucket, Map.of())).isEqualTo(Decision.ALLOW);
            assertThat(RequestSimulator.evaluateIdentity(dataPolicy, "s3:PutObject", "arn:aws:s3:::" + buckets.at("/root/name").asText() + "/x", Map.of()))
                    .as("%s on the root bucket", roleName).isEqualTo(Decision.IMPLICIT_DENY);
            assertThat(RequestSimulator.evaluateIdentity(dataPolicy, "s3:DeleteBucket", bucket, Map.of())).isEqualTo(Decision.IMPLICIT_DENY);
            assertThat(RequestSimulator.evaluateIdentity(metaPolicy, "s3:GetObject", bucket + "/x", Map.of()))
                    .as("the meta instance profile reaches data only through the data roles").isEqualTo(Decision.IMPLICIT_DENY);
        }

        // Databricks: credentials, storage configuration, account-level log delivery
        JsonNode state = h.emulator().state();
        assertThat(state.path("credentials")).anySatisfy(c -> {
            assertThat(c.path("credentials_name").asText()).isEqualTo("dbxcp-" + account + "-credentials");
            assertThat(c.at("/aws_credentials/sts_role/role_arn").asText()).isEqualTo(crossAccountRole);
        });
        assertThat(state.path("storage_configurations")).anySatisfy(s -> {
            assertThat(s.path("storage_configuration_name").asText()).isEqualTo("dbxcp-" + account + "-storage");
            assertThat(s.at("/root_bucket_info/bucket_name").asText()).isEqualTo(buckets.at("/root/name").asText());
        });
        assertThat(out.at("/databricks/logDelivery/status").asText()).isEqualTo("CONFIGURED");
        assertThat(out.at("/databricks/logDelivery/deliveries")).extracting(d -> d.path("logType").asText())
                .containsExactly("BILLABLE_USAGE", "AUDIT_LOGS");

        // the output is a valid workspace request for the account
        JsonNode request = out.path("workspaceRequest");
        assertThat(RequestRules.check("workspace-request", request, "workspaceRequest")).isEmpty();
        assertThat(request.path("crossAccountRoleArn").asText()).isEqualTo(crossAccountRole);
        assertThat(request.at("/keys/storageKeyArn").asText()).isEqualTo(storageKey);
        assertThat(request.has("network")).isFalse();
        assertThat(out.at("/changes/updated")).isEmpty();
        assertThat(StreamSupport.stream(out.at("/changes/created").spliterator(), false).map(c -> c.path("kind").asText()).distinct())
                .contains("iam-role", "iam-instance-profile", "kms-key", "s3-bucket", "credentials", "storage-configuration", "log-delivery");
    }

    private static String Json(String urlEncoded) {
        return java.net.URLDecoder.decode(urlEncoded, java.nio.charset.StandardCharsets.UTF_8);
    }
}
