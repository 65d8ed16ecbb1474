package io.dbxcp.accounts.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.model.OnboardingRequest;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.accounts.plan.OnboardingConfig;
import io.dbxcp.accounts.plan.Planner;
import io.dbxcp.accounts.policy.RequestSimulator.Decision;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.kms.KeyPolicy;
import io.dbxcp.common.kms.KeyUseCase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documents themselves, evaluated with their conditions (the end-to-end tests read them back from moto). */
class DocumentsTest {
    static final String DBX = "arn:aws:iam::414351767826:root";
    static final Plan PLAN = new Planner(new OnboardingConfig("dbxcp", "AWSControlTowerExecution", "OrganizationAccountAccessRole",
            "0d5e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "414351767826", false, "10.0.0.0/16", null, null, true, "databricks-logs", List.of("Admins")),
            "us-east-1").plan(new OnboardingRequest("CONTROL_TOWER", "444455556666", "dev", "eu-west-1", null, null));

    static String bucketPolicy(Documents.Encryption e, boolean root) {
        return Json.write(Policies.document(Documents.bucketStatements(PLAN, "bkt", e, root)));
    }

    @Test
    void dataLakeBucketPolicy_refusesPutsWithoutOrWithAnotherEncryption_andPlainHttp() {
        String p = bucketPolicy(Documents.Encryption.REQUIRE_HEADER, false);
        String obj = "arn:aws:s3:::bkt/k";
        String role = "arn:aws:iam::444455556666:role/dbxcp-data-raw";

        assertThat(RequestSimulator.denyingStatements(p, role, "s3:PutObject", obj, Map.of("aws:SecureTransport", "true")))
                .containsExactly("DenyUnencryptedObjectUploads");
        assertThat(RequestSimulator.denyingStatements(p, role, "s3:PutObject", obj,
                Map.of("aws:SecureTransport", "true", "s3:x-amz-server-side-encryption", "AES256"))).containsExactly("DenyIncorrectEncryptionHeader");
        assertThat(RequestSimulator.denyingStatements(p, role, "s3:PutObject", obj,
                Map.of("aws:SecureTransport", "true", "s3:x-amz-server-side-encryption", "aws:kms"))).isEmpty();
        assertThat(RequestSimulator.denyingStatements(p, role, "s3:ListBucket", "arn:aws:s3:::bkt", Map.of("aws:SecureTransport", "false")))
                .containsExactly("DenyInsecureTransport");
    }

    @Test
    void rootBucketPolicy_grantsDatabricksForThisAccountOnly_andLeavesHeaderlessPutsToDefaultEncryption() {
        String p = bucketPolicy(Documents.Encryption.DEFAULT_KMS, true);
        Map<String, String> ours = Map.of("aws:SecureTransport", "true", "aws:PrincipalTag/DatabricksAccountId", PLAN.databricksAccountId());

        assertThat(RequestSimulator.evaluate(p, DBX, "s3:PutObject", "arn:aws:s3:::bkt/k", ours)).isEqualTo(Decision.ALLOW);
        assertThat(RequestSimulator.evaluate(p, DBX, "s3:GetBucketLocation", "arn:aws:s3:::bkt", ours)).isEqualTo(Decision.ALLOW);
        assertThat(RequestSimulator.evaluate(p, DBX, "s3:DeleteBucket", "arn:aws:s3:::bkt", ours)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(RequestSimulator.evaluate(p, DBX, "s3:PutObject", "arn:aws:s3:::bkt/k",
                Map.of("aws:SecureTransport", "true", "aws:PrincipalTag/DatabricksAccountId", "other"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void storageKeyPolicy_grantsEachUseCaseWhatDatabricksDocuments_andTheDataRolesOnlyThroughS3() {
        KeyPolicy p = KeyPolicy.parse(Json.write(Policies.document(Documents.storageKeyStatements(PLAN))));
        String cross = PLAN.roleArn("dbxcp-cross-account");

        assertThat(p.missingActions(DBX, KeyUseCase.STORAGE.actions())).isEmpty();
        assertThat(p.missingActions(cross, KeyUseCase.CLUSTER_VOLUMES.actions())).isEmpty();
        assertThat(p.allows(cross, "kms:Encrypt")).isFalse();
        String doc = Json.write(Policies.document(Documents.storageKeyStatements(PLAN)));
        String raw = PLAN.roleArn("dbxcp-data-raw");
        assertThat(RequestSimulator.evaluate(doc, raw, "kms:GenerateDataKey", null, Map.of("kms:ViaService", "s3.eu-west-1.amazonaws.com")))
                .isEqualTo(Decision.ALLOW);
        assertThat(RequestSimulator.evaluate(doc, raw, "kms:Decrypt", null, Map.of())).as("directly, not through S3").isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(RequestSimulator.evaluate(doc, PLAN.roleArn("Admins"), "kms:ScheduleKeyDeletion", null, Map.of())).isEqualTo(Decision.ALLOW);
        assertThat(RequestSimulator.evaluate(doc, PLAN.roleArn("Admins"), "kms:Decrypt", null, Map.of())).as("administrators do not use the key")
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void managedServicesKeyPolicy_grantsDatabricksEncryptAndDecryptOnly() {
        KeyPolicy p = KeyPolicy.parse(Json.write(Policies.document(Documents.managedServicesKeyStatements(PLAN))));

        assertThat(p.missingActions(DBX, KeyUseCase.MANAGED_SERVICES.actions())).isEmpty();
        assertThat(p.allows(DBX, "kms:GenerateDataKey")).isFalse();
        assertThat(p.allows(PLAN.roleArn("dbxcp-data-raw"), "kms:Decrypt")).isFalse();
    }

    @Test
    void crossAccountRole_mayPassOnlyTheInstanceProfilesRoles_andIsAssumedOnlyWithTheExternalId() {
        String policy = Json.write(Documents.crossAccountPolicy(PLAN));
        assertThat(RequestSimulator.evaluateIdentity(policy, "iam:PassRole", PLAN.roleArn("dbxcp-meta-instance-profile"), Map.of()))
                .isEqualTo(Decision.ALLOW);
        assertThat(RequestSimulator.evaluateIdentity(policy, "iam:PassRole", PLAN.roleArn("dbxcp-cross-account"), Map.of()))
                .isEqualTo(Decision.IMPLICIT_DENY);
        ObjectNode trust = Documents.databricksTrust(PLAN);
        assertThat(RequestSimulator.evaluate(Json.write(trust), DBX, "sts:AssumeRole", null, Map.of("sts:ExternalId", PLAN.databricksAccountId())))
                .isEqualTo(Decision.ALLOW);
        assertThat(RequestSimulator.evaluate(Json.write(trust), DBX, "sts:AssumeRole", null, Map.of("sts:ExternalId", "x")))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void logDeliveryRole_writesUnderItsPrefixOnly() {
        String policy = Json.write(Documents.logDeliveryPolicy(PLAN));
        String bucket = "arn:aws:s3:::" + PLAN.names().logBucket();

        assertThat(RequestSimulator.evaluateIdentity(policy, "s3:PutObject", bucket + "/databricks-logs/billable-usage/x.csv", Map.of()))
                .isEqualTo(Decision.ALLOW);
        assertThat(RequestSimulator.evaluateIdentity(policy, "s3:PutObject", bucket + "/elsewhere/x", Map.of())).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(RequestSimulator.evaluateIdentity(policy, "s3:ListBucket", bucket, Map.of("s3:prefix", "other/"))).isEqualTo(Decision.IMPLICIT_DENY);
    }
}
