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
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.events.EventRouting;
import java.time.Duration;
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
    static final String WORKSPACE_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04";
    static final String RELAY_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-00112233445566778";
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
        // A fresh Databricks account each test: account-level log deliveries are limited to 2 per log type.
        h.emulator().reset();
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


    @Test
    void organizationsEvent_withNetworkAndPrivateLink_makesTheVpc_andItsWorkspaceRequestPassesPreflightAndProvisions() {
        String account = "210000000002";
        LocalRunner withNetwork = h.runner(0.02, Map.of("OnboardNetwork", "true",
                "DatabricksWorkspaceEndpointServiceName", WORKSPACE_SERVICE, "DatabricksRelayEndpointServiceName", RELAY_SERVICE,
                // provision-workspace reaches the onboarded account through the same role
                "TargetAccountRoleName", "OrganizationAccountAccessRole"));
        EventRouting.Routed routed = h.route(withNetwork, OnboardingHarness.organizationsEvent(account), true);

        Execution ex = h.run(withNetwork, routed, "");

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        JsonNode out = ex.output();
        assertThat(out.path("accessRoleArn").asText()).isEqualTo("arn:aws:iam::" + account + ":role/OrganizationAccountAccessRole");
        assertThat(out.path("createAccountRequestId").asText()).isEqualTo("car-" + account);
        TargetClients aws = h.in(account);
        JsonNode net = out.path("network");
        String vpc = net.path("vpcId").asText();
        var subnets = aws.ec2().describeSubnets(b -> b.subnetIds(strings(net.path("subnetIds")))).subnets();
        assertThat(subnets).hasSize(3).allSatisfy(sn -> assertThat(sn.vpcId()).isEqualTo(vpc));
        assertThat(subnets).extracting(sn -> sn.availabilityZone()).doesNotHaveDuplicates();
        assertThat(aws.ec2().describeVpcAttribute(b -> b.vpcId(vpc).attribute("enableDnsHostnames")).enableDnsHostnames().value()).isTrue();
        var endpoints = aws.ec2().describeVpcEndpoints(b -> b.filters(f -> f.name("vpc-id").values(vpc))).vpcEndpoints();
        assertThat(endpoints).extracting(e -> e.serviceName()).containsExactlyInAnyOrder("com.amazonaws.us-east-1.s3",
                "com.amazonaws.us-east-1.sts", "com.amazonaws.us-east-1.kinesis-streams", WORKSPACE_SERVICE, RELAY_SERVICE);
        assertThat(endpoints).filteredOn(e -> e.serviceName().endsWith(".s3")).singleElement()
                .satisfies(e -> assertThat(e.routeTableIds()).containsExactly(net.path("routeTableId").asText()));
        var nodes = aws.ec2().describeSecurityGroups(b -> b.groupIds(net.path("securityGroupId").asText())).securityGroups().get(0);
        assertThat(nodes.ipPermissionsEgress()).noneMatch(p -> "-1".equals(p.ipProtocol()) && p.ipRanges().stream().anyMatch(r -> "0.0.0.0/0".equals(r.cidrIp())));
        assertThat(nodes.ipPermissionsEgress()).extracting(p -> p.fromPort()).contains(443, 3306, 6666, 2443, 8443);
        assertThat(nodes.ipPermissions()).allSatisfy(p -> assertThat(p.userIdGroupPairs()).extracting(g -> g.groupId()).containsOnly(nodes.groupId()));
        JsonNode request = out.path("workspaceRequest");
        assertThat(RequestRules.check("workspace-request", request, "workspaceRequest")).isEmpty();
        assertThat(request.at("/network/vpcId").asText()).isEqualTo(vpc);
        assertThat(request.at("/network/privateLink/restApiVpcEndpointId").asText()).isEqualTo(net.at("/endpoints/workspace").asText());

        // the output feeds provision-workspace: preflight passes in the new account and the workspace is made
        Execution ws = withNetwork.run("provision-workspace", io.dbxcp.common.json.Json.MAPPER.createObjectNode().set("request", request),
                "ws-" + account);

        assertThat(ws.status()).as(ws.error() + " " + ws.cause()).isEqualTo("SUCCEEDED");
        assertThat(ws.events("StateExited", "PreflightAwsResources")).isNotEmpty();
        assertThat(ws.output().at("/workspace/status").asText()).isEqualTo("RUNNING");
        assertThat(ws.output().at("/registered/credentials/created").asBoolean()).as("onboarding's credentials reused").isFalse();
        assertThat(ws.output().at("/registered/credentials/id").asText()).isEqualTo(out.at("/databricks/credentials/id").asText());
        assertThat(ws.output().at("/registered/storage/id").asText()).isEqualTo(out.at("/databricks/storageConfiguration/id").asText());
        assertThat(ws.output().at("/registered/network/vpcEndpoints")).hasSize(2);
        assertThat(h.events("Workspace Provisioned")).hasSize(1);
    }

    @Test
    void rerunForTheSameAccount_createsNothingNew() {
        String account = "210000000003";
        EventRouting.Routed routed = h.route(runner, OnboardingHarness.controlTowerEvent(account), true);
        assertThat(h.run(runner, routed, "").status()).isEqualTo("SUCCEEDED");
        TargetClients aws = h.in(account);
        Map<String, Integer> before = counts(aws);
        JsonNode databricksBefore = h.emulator().state();

        Execution again = h.run(runner, routed, "-again");

        assertThat(again.status()).as(again.error() + " " + again.cause()).isEqualTo("SUCCEEDED");
        assertThat(again.output().at("/changes/created")).isEmpty();
        assertThat(again.output().at("/changes/updated")).isEmpty();
        assertThat(again.output().at("/databricks/credentials/created").asBoolean()).isFalse();
        assertThat(again.output().at("/databricks/logDelivery/deliveries")).extracting(d -> d.path("outcome").asText()).containsOnly("REUSED");
        assertThat(counts(aws)).isEqualTo(before);
        for (String kind : List.of("credentials", "storage_configurations", "log_delivery")) {
            assertThat(h.emulator().state().path(kind)).as(kind).hasSameSizeAs(databricksBefore.path(kind));
        }
        assertThat(h.events("Account Onboarded")).hasSize(2);
    }

    @Test
    void driftedBucketPolicyKeyRotationKeyStateAndTrust_arePutRightOnRerun_andOthersStatementsAreKept() {
        String account = "210000000004";
        EventRouting.Routed routed = h.route(runner, OnboardingHarness.controlTowerEvent(account), true);
        Execution first = h.run(runner, routed, "");
        assertThat(first.status()).isEqualTo("SUCCEEDED");
        TargetClients aws = h.in(account);
        String raw = first.output().at("/buckets/raw/name").asText();
        String storageKey = first.output().at("/keys/storage/keyArn").asText();
        String managedKey = first.output().at("/keys/managedServices/keyArn").asText();
        String teamRead = """
                {"Version":"2012-10-17","Statement":[{"Sid":"TeamRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                 "Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"}]}""".formatted(account, raw);
        aws.s3().putBucketPolicy(b -> b.bucket(raw).policy(teamRead));
        aws.kms().disableKeyRotation(b -> b.keyId(storageKey));
        aws.kms().disableKey(b -> b.keyId(first.output().at("/keys/managedServices/keyId").asText())); // moto: by key id, not ARN
        aws.iam().updateAssumeRolePolicy(b -> b.roleName("dbxcp-cross-account").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + DATABRICKS_AWS + "\"},\"Action\":\"sts:AssumeRole\"}]}"));

        Execution again = h.run(runner, routed, "-drifted");

        assertThat(again.status()).as(again.error() + " " + again.cause()).isEqualTo("SUCCEEDED");
        assertThat(again.output().at("/changes/created")).isEmpty();
        assertThat(again.output().at("/changes/updated")).extracting(c -> c.path("kind").asText() + " " + c.path("name").asText())
                .containsExactlyInAnyOrder("iam-role arn:aws:iam::" + account + ":role/dbxcp-cross-account",
                        "kms-key " + storageKey, "kms-key " + managedKey, "s3-bucket arn:aws:s3:::" + raw);
        assertThat(aws.kms().getKeyRotationStatus(b -> b.keyId(storageKey)).keyRotationEnabled()).isTrue();
        assertThat(aws.kms().describeKey(b -> b.keyId(managedKey)).keyMetadata().keyStateAsString()).isEqualTo("Enabled");
        String policy = aws.s3().getBucketPolicy(b -> b.bucket(raw)).policy();
        assertThat(PolicyDocument.parse(policy).statements()).extracting(PolicyDocument.Statement::sid)
                .contains("TeamRead", "DenyInsecureTransport", "DenyIncorrectEncryptionHeader", "DenyUnencryptedObjectUploads");
        assertThat(RequestSimulator.evaluate(policy, "arn:aws:iam::" + account + ":role/x", "s3:PutObject", "arn:aws:s3:::" + raw + "/k",
                Map.of("aws:SecureTransport", "true"))).isEqualTo(Decision.EXPLICIT_DENY);
        PolicyDocument trust = PolicyDocument.parse(aws.iam().getRole(b -> b.roleName("dbxcp-cross-account")).role().assumeRolePolicyDocument());
        assertThat(trust.statements().get(0).conditionValues("StringEquals", "sts:ExternalId")).containsExactly(h.emulator().accountId());
    }

    @Test
    void keyWhoseAliasIsGone_isFoundByItsTag_andGivenItsAliasAgain_notMadeTwice() {
        String account = "210000000011";
        EventRouting.Routed routed = h.route(runner, OnboardingHarness.controlTowerEvent(account), true);
        Execution first = h.run(runner, routed, "");
        assertThat(first.status()).isEqualTo("SUCCEEDED");
        TargetClients aws = h.in(account);
        aws.kms().deleteAlias(b -> b.aliasName("alias/dbxcp-storage")); // as if a run had stopped between the key and its alias
        int keys = aws.kms().listKeys().keys().size();

        Execution again = h.run(runner, routed, "-alias");

        assertThat(again.status()).as(again.error() + " " + again.cause()).isEqualTo("SUCCEEDED");
        assertThat(again.output().at("/keys/storage/keyArn")).isEqualTo(first.output().at("/keys/storage/keyArn"));
        assertThat(aws.kms().listKeys().keys()).hasSize(keys);
        assertThat(aws.kms().describeKey(b -> b.keyId("alias/dbxcp-storage")).keyMetadata().arn())
                .isEqualTo(first.output().at("/keys/storage/keyArn").asText());
        assertThat(again.output().at("/changes/created")).isEmpty();
        assertThat(again.output().at("/changes/updated")).singleElement()
                .satisfies(c -> assertThat(c.path("detail").asText()).isEqualTo("alias alias/dbxcp-storage was missing"));
    }

    @Test
    void failureMidway_reportsTheStepTheCauseAndWhatExists_andARerunCompletes() {
        String account = "210000000005";
        EventRouting.Routed routed = h.route(runner, OnboardingHarness.controlTowerEvent(account), true);
        h.emulator().faults().add(Faults.Rule.error("POST", "/api/2.0/accounts/*/storage-configurations", 1, 400,
                "INVALID_PARAMETER_VALUE", "Storage configuration refused for the test"));

        Execution failed = h.run(runner, routed, "");

        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.error()).isEqualTo("AccountOnboardingFailed");
        assertThat(failed.cause()).contains("Storage configuration refused for the test");
        JsonNode report = h.events("Account Onboarding Failed").get(0).path("detail");
        assertThat(report.path("failedStep").asText()).isEqualTo("RegisterStorage");
        assertThat(report.path("accountId").asText()).isEqualTo(account);
        assertThat(report.path("error").asText()).isEqualTo("com.databricks.sdk.core.error.platform.InvalidParameterValue");
        assertThat(report.path("cause").asText()).isEqualTo("Storage configuration refused for the test");
        assertThat(report.path("notChecked")).isEmpty();
        assertThat(report.path("exists")).extracting(i -> i.path("kind").asText())
                .containsOnly("iam-role", "iam-instance-profile", "kms-key", "s3-bucket", "credentials")
                .filteredOn("credentials"::equals).hasSize(1);
        assertThat(report.path("exists")).filteredOn(i -> i.path("kind").asText().equals("iam-role")).hasSize(6);
        assertThat(report.path("exists")).filteredOn(i -> i.path("kind").asText().equals("s3-bucket")).hasSize(5);
        assertThat(report.path("missing")).extracting(i -> i.path("kind").asText() + " " + i.path("name").asText()).containsExactlyInAnyOrder(
                "storage-configuration dbxcp-" + account + "-storage", "credentials dbxcp-" + account + "-log-delivery-credentials",
                "storage-configuration dbxcp-" + account + "-log-delivery-storage", "log-delivery dbxcp-" + account + "-billable-usage",
                "log-delivery dbxcp-" + account + "-audit-logs");

        Execution rerun = h.run(runner, routed, "-rerun");

        assertThat(rerun.status()).as(rerun.error() + " " + rerun.cause()).isEqualTo("SUCCEEDED");
        assertThat(rerun.output().at("/changes/created")).extracting(c -> c.path("kind").asText())
                .containsOnly("storage-configuration", "credentials", "log-delivery");
        assertThat(rerun.output().at("/databricks/credentials/created").asBoolean()).isFalse();
    }

    @Test
    void accessRoleNotAssumableYet_isRetriedBounded_thenReported_andTheAccountIsOnboardedOnceItIs() {
        String account = "210000000006";
        LocalRunner instant = h.runner(0, Map.of());
        EventRouting.Routed routed = h.route(instant, OnboardingHarness.organizationsEvent(account), false);

        Execution waited = h.run(instant, routed, "");

        assertThat(waited.status()).isEqualTo("FAILED");
        assertThat(waited.events("StateRetried", "AssumeAccountRole")).hasSize(10);
        JsonNode report = h.events("Account Onboarding Failed").get(0).path("detail");
        assertThat(report.path("failedStep").asText()).isEqualTo("AssumeAccountRole");
        assertThat(report.path("error").asText()).isEqualTo("io.dbxcp.common.errors.NotYetConsistentException");
        assertThat(report.path("cause").asText()).contains("OrganizationAccountAccessRole").contains("not in account " + account);
        assertThat(report.path("exists")).isEmpty();

        h.route(instant, OnboardingHarness.organizationsEvent(account), true); // the role appears
        Execution later = h.run(instant, routed, "-later");

        assertThat(later.status()).as(later.error() + " " + later.cause()).isEqualTo("SUCCEEDED");
        assertThat(later.events("StateRetried", "AssumeAccountRole")).isEmpty();
    }

    @Test
    void newCrossAccountRoleNotYetValidForDatabricks_isRetriedThroughIamEventualConsistency() {
        String account = "210000000007";
        h.emulator().scenario().iamPropagationDelay(Duration.ofMillis(600));
        EventRouting.Routed routed = h.route(runner, OnboardingHarness.controlTowerEvent(account), true);

        Execution ex = h.run(runner, routed, "");

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(ex.events("StateRetried", "RegisterCredentials")).isNotEmpty().allSatisfy(e -> assertThat(e.toString())
                .contains("NotYetConsistentException"));
        assertThat(ex.output().at("/databricks/credentials/created").asBoolean()).isTrue();
    }

    @Test
    void databricksAccountAtItsLogDeliveryLimit_saysSo_andTheWorkspaceRequestAsksForWorkspaceDelivery() {
        // two other onboarded accounts already deliver the account's logs (2 enabled account-level configurations per type)
        for (String other : List.of("210000000008", "210000000009")) {
            assertThat(onboard(OnboardingHarness.controlTowerEvent(other)).status()).isEqualTo("SUCCEEDED");
        }
        String account = "210000000010";

        Execution ex = onboard(OnboardingHarness.controlTowerEvent(account));

        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        JsonNode logs = ex.output().at("/databricks/logDelivery");
        assertThat(logs.path("status").asText()).isEqualTo("LIMIT_REACHED");
        assertThat(logs.path("detail").asText()).contains("dbxcp-210000000008-billable-usage").contains("Disable one of them");
        assertThat(logs.path("deliveries")).isEmpty();
        JsonNode request = ex.output().path("workspaceRequest");
        assertThat(request.at("/configure/logDelivery/bucket").asText()).isEqualTo(ex.output().at("/buckets/logs/name").asText());
        assertThat(request.at("/configure/logDelivery/pathPrefix").asText()).isEqualTo("databricks-logs/dbxcp-" + account);
        assertThat(RequestRules.check("workspace-request", request, "workspaceRequest")).isEmpty();
    }

    @Test
    void consoleExecutionWithABadRequest_failsInPlanOnboarding_namingEachField_andMakesNothing() {
        Execution ex = runner.run("onboard-account", io.dbxcp.common.json.Json.read(
                "{\"request\":{\"origin\":\"SOMEWHERE\",\"accountId\":\"12\",\"region\":\"mars-north-1\"}}"), "onboard-bad-request");

        assertThat(ex.status()).isEqualTo("FAILED");
        JsonNode report = h.events("Account Onboarding Failed").get(0).path("detail");
        assertThat(report.path("failedStep").asText()).isEqualTo("PlanOnboarding");
        assertThat(report.path("error").asText()).isEqualTo("io.dbxcp.common.errors.InvalidRequestException");
        assertThat(report.path("cause").asText()).contains("request.origin").contains("request.accountId").contains("request.region");
        assertThat(report.path("exists")).isEmpty();
        assertThat(ex.events("TaskSucceeded")).extracting(e -> e.state()).containsOnly("ReportFailure", "AnnounceFailure");
    }

    /** How many roles, instance profiles, keys, aliases and buckets the account has. */
    static Map<String, Integer> counts(TargetClients aws) {
        return Map.of("roles", aws.iam().listRoles().roles().size(),
                "instanceProfiles", aws.iam().listInstanceProfiles().instanceProfiles().size(),
                "keys", aws.kms().listKeys().keys().size(),
                "aliases", aws.kms().listAliases().aliases().size(),
                "buckets", aws.s3().listBuckets().buckets().size());
    }

    static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String Json(String urlEncoded) {
        return java.net.URLDecoder.decode(urlEncoded, java.nio.charset.StandardCharsets.UTF_8);
    }
}
