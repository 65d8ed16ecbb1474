package io.dbxcp.common.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {
    static final String DATABRICKS = "arn:aws:iam::414351767826:root";
    static final String ROLE = "arn:aws:iam::123456789012:role/databricks-cross-account";

    static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static String allow(String principal, String actions) {
        return "{\"Effect\":\"Allow\",\"Principal\":" + principal + ",\"Action\":" + actions + ",\"Resource\":\"*\"}";
    }

    @Test
    void missingActions_documentedStoragePolicy_grantsEverything() {
        String json = policy(
                allow("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", "\"kms:*\""),
                allow("{\"AWS\":\"" + DATABRICKS + "\"}", "[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:ReEncrypt*\",\"kms:GenerateDataKey*\",\"kms:DescribeKey\"]"),
                "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROLE + "\"},\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey*\",\"kms:CreateGrant\",\"kms:DescribeKey\"],"
                        + "\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringLike\":{\"kms:ViaService\":\"ec2.*.amazonaws.com\"}}}");

        KeyPolicy p = KeyPolicy.parse(json);

        assertThat(p.missingActions(DATABRICKS, KeyUseCase.STORAGE.actions())).isEmpty();
        assertThat(p.missingActions(ROLE, KeyUseCase.CLUSTER_VOLUMES.actions())).isEmpty();
        assertThat(p.missingActions(DATABRICKS, KeyUseCase.CLUSTER_VOLUMES.actions())).containsExactly("kms:CreateGrant");
    }

    @Test
    void missingActions_noStatementForDatabricks_listsEveryActionInOrder() {
        String json = policy(allow("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", "\"kms:*\""));

        assertThat(KeyPolicy.parse(json).missingActions(DATABRICKS, KeyUseCase.STORAGE.actions()))
                .containsExactly("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey");
    }

    @Test
    void missingActions_actionAsStringAndPrincipalAsList_areRead() {
        String json = policy(allow("{\"AWS\":[\"arn:aws:iam::111122223333:root\",\"" + DATABRICKS + "\"]}", "\"kms:Encrypt\""),
                allow("{\"AWS\":\"" + DATABRICKS + "\"}", "\"kms:Decrypt\""));

        assertThat(KeyPolicy.parse(json).missingActions(DATABRICKS, KeyUseCase.MANAGED_SERVICES.actions())).isEmpty();
    }

    @Test
    void missingActions_kmsStarOrStarOrAnyPrincipal_grant() {
        assertThat(KeyPolicy.parse(policy(allow("{\"AWS\":\"" + DATABRICKS + "\"}", "\"kms:*\""))).missingActions(DATABRICKS, KeyUseCase.STORAGE.actions())).isEmpty();
        assertThat(KeyPolicy.parse(policy(allow("{\"AWS\":\"" + DATABRICKS + "\"}", "\"*\""))).missingActions(DATABRICKS, KeyUseCase.STORAGE.actions())).isEmpty();
        assertThat(KeyPolicy.parse(policy(allow("\"*\"", "\"kms:*\""))).missingActions(DATABRICKS, KeyUseCase.STORAGE.actions())).isEmpty();
        assertThat(KeyPolicy.parse(policy(allow("{\"AWS\":\"*\"}", "\"kms:*\""))).missingActions(DATABRICKS, KeyUseCase.STORAGE.actions())).isEmpty();
    }

    @Test
    void missingActions_accountIdPrincipal_standsForItsRoot() {
        String json = policy(allow("{\"AWS\":\"414351767826\"}", "[\"kms:Encrypt\",\"kms:Decrypt\"]"));

        assertThat(KeyPolicy.parse(json).missingActions(DATABRICKS, KeyUseCase.MANAGED_SERVICES.actions())).isEmpty();
    }

    @Test
    void missingActions_accountRootOfTheRole_doesNotCountForTheRole() {
        String json = policy(allow("{\"AWS\":\"arn:aws:iam::123456789012:root\"}", "\"kms:*\""));

        assertThat(KeyPolicy.parse(json).missingActions(ROLE, List.of("kms:Decrypt"))).containsExactly("kms:Decrypt");
    }

    @Test
    void missingActions_requiredWildcard_isGrantedByTheActionsItStandsForAndNotByPart() {
        String both = policy(allow("{\"AWS\":\"" + DATABRICKS + "\"}", "[\"kms:ReEncryptFrom\",\"kms:ReEncryptTo\"]"));
        String one = policy(allow("{\"AWS\":\"" + DATABRICKS + "\"}", "[\"kms:ReEncryptFrom\",\"kms:GenerateDataKey\"]"));

        assertThat(KeyPolicy.parse(both).missingActions(DATABRICKS, List.of("kms:ReEncrypt*"))).isEmpty();
        assertThat(KeyPolicy.parse(one).missingActions(DATABRICKS, List.of("kms:ReEncrypt*", "kms:GenerateDataKey*")))
                .containsExactly("kms:ReEncrypt*", "kms:GenerateDataKey*");
    }

    @Test
    void missingActions_actionsAreCaseInsensitive() {
        String json = policy(allow("{\"AWS\":\"" + DATABRICKS + "\"}", "[\"KMS:encrypt\",\"kms:DECRYPT\"]"));

        assertThat(KeyPolicy.parse(json).missingActions(DATABRICKS, KeyUseCase.MANAGED_SERVICES.actions())).isEmpty();
    }

    @Test
    void missingActions_unconditionalDeny_winsButConditionalDenyDoesNot() {
        String grant = allow("{\"AWS\":\"" + DATABRICKS + "\"}", "\"kms:*\"");
        String deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}";
        String conditionalDeny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:Decrypt\",\"Resource\":\"*\","
                + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}";

        assertThat(KeyPolicy.parse(policy(grant, deny)).missingActions(DATABRICKS, KeyUseCase.MANAGED_SERVICES.actions())).containsExactly("kms:Decrypt");
        assertThat(KeyPolicy.parse(policy(grant, conditionalDeny)).missingActions(DATABRICKS, KeyUseCase.MANAGED_SERVICES.actions())).isEmpty();
    }

    @Test
    void missingActions_notAction_grantsAllButTheNamed() {
        String json = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + DATABRICKS + "\"},\"NotAction\":\"kms:Decrypt\",\"Resource\":\"*\"}");

        assertThat(KeyPolicy.parse(json).missingActions(DATABRICKS, KeyUseCase.MANAGED_SERVICES.actions())).containsExactly("kms:Decrypt");
    }

    @Test
    void missingActions_resourceNamingTheKey_counts() {
        String json = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + DATABRICKS + "\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],"
                + "\"Resource\":\"arn:aws:kms:us-east-1:123456789012:key/abc\"}}";

        assertThat(KeyPolicy.parse(json).missingActions(DATABRICKS, KeyUseCase.MANAGED_SERVICES.actions())).isEmpty();
    }

    @Test
    void parse_urlEncodedDocument_isDecoded() {
        String json = policy(allow("{\"AWS\":\"" + DATABRICKS + "\"}", "\"kms:*\""));

        assertThat(KeyPolicy.parse(URLEncoder.encode(json, StandardCharsets.UTF_8)).allows(DATABRICKS, "kms:Encrypt")).isTrue();
    }

    @Test
    void parse_notAPolicy_fails() {
        assertThatThrownBy(() -> KeyPolicy.parse("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyPolicy.parse("{\"Version\":\"2012-10-17\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyPolicy.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
