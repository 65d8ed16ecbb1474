package io.dbxcp.common.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbxcp.common.errors.TransientException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** KeyCheck's rules against an in-memory key store; the same checks run against moto in the workspace preflight tests. */
class KeyCheckTest {
    static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
    static final String ROLE = "arn:aws:iam::123456789012:role/databricks-cross-account";
    static final String GOOD_POLICY = """
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"kms:*","Resource":"*"},
              {"Sid":"Databricks","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::414351767826:root"},
               "Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*"},
              {"Sid":"EBS","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/databricks-cross-account"},
               "Action":["kms:Decrypt","kms:GenerateDataKey*","kms:CreateGrant","kms:DescribeKey"],"Resource":"*",
               "Condition":{"ForAnyValue:StringLike":{"kms:ViaService":"ec2.*.amazonaws.com"}}}]}""";

    /** A region's keys in memory. */
    static final class Keys implements KeyLookup {
        final Map<String, Facts> facts = new HashMap<>();
        final Map<String, String> policies = new HashMap<>();
        RuntimeException failure;

        Keys put(String arn, String state, Instant deletion, String policy) {
            facts.put(arn, new Facts(arn, state, deletion, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "CUSTOMER"));
            policies.put(arn, policy);
            return this;
        }

        @Override public String region() { return "us-east-1"; }

        @Override public Optional<Facts> describe(String keyArn) {
            if (failure != null) throw failure;
            return Optional.ofNullable(facts.get(keyArn));
        }

        @Override public String policy(String keyArn) { return policies.get(keyArn); }
    }

    final KeyCheck check = new KeyCheck(KeyCheck.DATABRICKS_AWS_ACCOUNT_ID);

    @Test
    void check_enabledKeyWithDocumentedPolicy_hasNoProblems() {
        Keys keys = new Keys().put(KEY, "Enabled", null, GOOD_POLICY);

        KeyCheck.Result r = check.check(keys, KEY, EnumSet.of(KeyUseCase.STORAGE, KeyUseCase.CLUSTER_VOLUMES, KeyUseCase.MANAGED_SERVICES), ROLE);

        assertThat(r.ok()).isTrue();
        assertThat(r.describe()).isEqualTo("key " + KEY + " (MANAGED_SERVICES, STORAGE, CLUSTER_VOLUMES)");
    }

    @Test
    void check_missingKey_saysItDoesNotExist() {
        KeyCheck.Result r = check.check(new Keys(), KEY, Set.of(KeyUseCase.MANAGED_SERVICES), ROLE);

        assertThat(r.problems()).containsExactly("key " + KEY + ": does not exist in us-east-1; create the key or correct the ARN");
    }

    @Test
    void check_keyInAnotherRegion_namesBothRegions() {
        String other = KEY.replace("us-east-1", "eu-west-1");

        KeyCheck.Result r = check.check(new Keys(), other, Set.of(KeyUseCase.MANAGED_SERVICES), ROLE);

        assertThat(r.problems()).singleElement().asString()
                .startsWith("key " + other + ": is in region eu-west-1, not the workspace's region us-east-1; use a key in us-east-1");
    }

    @Test
    void check_pendingDeletion_namesTheDateAndTheFix() {
        Keys keys = new Keys().put(KEY, "PendingDeletion", Instant.parse("2026-12-01T17:19:43.466Z"), GOOD_POLICY);

        KeyCheck.Result r = check.check(keys, KEY, Set.of(KeyUseCase.MANAGED_SERVICES), ROLE);

        assertThat(r.problems()).singleElement().asString()
                .contains("is pending deletion, scheduled for 2026-12-01T17:19:43Z")
                .contains("cancel the deletion");
    }

    @Test
    void check_disabledKeyWithoutDatabricks_reportsBoth() {
        String adminOnly = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
        Keys keys = new Keys().put(KEY, "Disabled", null, adminOnly);

        KeyCheck.Result r = check.check(keys, KEY, EnumSet.of(KeyUseCase.STORAGE, KeyUseCase.CLUSTER_VOLUMES), ROLE);

        assertThat(r.problems()).hasSize(3);
        assertThat(r.problems().get(0)).isEqualTo("key " + KEY + ": is disabled; enable it (kms enable-key)");
        assertThat(r.problems().get(1)).startsWith("key " + KEY + ": key policy does not allow arn:aws:iam::414351767826:root "
                + "kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey (needed for STORAGE)");
        assertThat(r.problems().get(2)).contains("does not allow " + ROLE + " kms:Decrypt, kms:GenerateDataKey*, kms:CreateGrant, kms:DescribeKey")
                .contains("Allow Databricks to use KMS key for EBS").contains("kms:ViaService ec2.*.amazonaws.com");
    }

    @Test
    void check_sharedKeyMissingOneAction_namesOnlyTheUseCasesThatNeedIt() {
        String partial = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:root\"},"
                + "\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\"],\"Resource\":\"*\"}]}";
        Keys keys = new Keys().put(KEY, "Enabled", null, partial);

        KeyCheck.Result r = check.check(keys, KEY, EnumSet.of(KeyUseCase.MANAGED_SERVICES, KeyUseCase.STORAGE), ROLE);

        assertThat(r.problems()).singleElement().asString().contains("kms:DescribeKey (needed for STORAGE)");
    }

    @Test
    void check_dataEncryption_doesNotReadThePolicy() {
        Keys keys = new Keys().put(KEY, "Enabled", null, null);

        assertThat(check.check(keys, KEY, Set.of(KeyUseCase.DATA_ENCRYPTION), null).ok()).isTrue();
    }

    @Test
    void check_asymmetricAwsManagedKey_isRefused() {
        Keys keys = new Keys();
        keys.facts.put(KEY, new KeyLookup.Facts(KEY, "Enabled", null, "RSA_2048", "SIGN_VERIFY", "AWS"));
        keys.policies.put(KEY, GOOD_POLICY);

        assertThat(check.check(keys, KEY, Set.of(KeyUseCase.MANAGED_SERVICES), ROLE).problems())
                .anySatisfy(p -> assertThat(p).contains("is a RSA_2048 key for SIGN_VERIFY"))
                .anySatisfy(p -> assertThat(p).contains("is an AWS managed key"));
    }

    @Test
    void check_keyUsageLeftOut_isNotHeldAgainstTheKey() {
        Keys keys = new Keys();
        keys.facts.put(KEY, new KeyLookup.Facts(KEY, "Enabled", null, "SYMMETRIC_DEFAULT", null, "CUSTOMER"));
        keys.policies.put(KEY, GOOD_POLICY);

        assertThat(check.check(keys, KEY, Set.of(KeyUseCase.MANAGED_SERVICES), ROLE).ok()).isTrue();
    }

    @Test
    void check_accessDenied_isAProblemNamingThePermission() {
        Keys keys = new Keys();
        keys.failure = new KeyLookup.AccessDenied("AccessDeniedException: not authorized", null);

        assertThat(check.check(keys, KEY, Set.of(KeyUseCase.MANAGED_SERVICES), ROLE).problems())
                .singleElement().asString().contains("may not describe it").contains("kms:DescribeKey");
    }

    @Test
    void check_transientFailure_propagates() {
        Keys keys = new Keys();
        keys.failure = new TransientException("ThrottlingException");

        assertThatThrownBy(() -> check.check(keys, KEY, Set.of(KeyUseCase.MANAGED_SERVICES), ROLE)).isInstanceOf(TransientException.class);
    }

    @Test
    void check_clusterVolumesWithoutRole_isAProgrammingError() {
        assertThatThrownBy(() -> check.check(new Keys(), KEY, Set.of(KeyUseCase.CLUSTER_VOLUMES), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
