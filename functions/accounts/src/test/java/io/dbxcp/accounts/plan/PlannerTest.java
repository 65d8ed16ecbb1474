package io.dbxcp.accounts.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbxcp.accounts.model.OnboardingRequest;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.common.config.Env;
import io.dbxcp.common.errors.ConfigurationException;
import io.dbxcp.common.errors.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlannerTest {
    static final String DBX = "0d5e1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

    @AfterEach
    void clearEnv() {
        Env.clearOverride();
    }

    static Planner planner(Map<String, String> env) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(Map.of("DATABRICKS_ACCOUNT_ID", DBX));
        all.putAll(env);
        Env.override(all);
        return new Planner(OnboardingConfig.fromEnv(), "us-east-1");
    }

    @Test
    void plan_defaults_deriveEveryNameFromThePrefixAndTheAccount() {
        Plan p = planner(Map.of()).plan(new OnboardingRequest("CONTROL_TOWER", "444455556666", "dev", "eu-west-1", "ou-1", null));

        assertThat(p.accessRoleArn()).isEqualTo("arn:aws:iam::444455556666:role/AWSControlTowerExecution");
        assertThat(p.baseName()).isEqualTo("dbxcp-444455556666");
        assertThat(p.names().rootBucket()).isEqualTo("dbxcp-444455556666-eu-west-1-root");
        assertThat(p.names().dataLayers()).extracting(Plan.DataLayer::bucket)
                .containsExactly("dbxcp-444455556666-eu-west-1-raw", "dbxcp-444455556666-eu-west-1-prepared", "dbxcp-444455556666-eu-west-1-trusted");
        assertThat(p.names().dataLayers()).extracting(Plan.DataLayer::role).containsExactly("dbxcp-data-raw", "dbxcp-data-prepared", "dbxcp-data-trusted");
        assertThat(p.names().storageKeyAlias()).isEqualTo("alias/dbxcp-storage");
        // provision-workspace's own names for a workspace called <prefix>-<account>, so it reuses them
        assertThat(p.names().credentials()).isEqualTo("dbxcp-444455556666-credentials");
        assertThat(p.names().storageConfiguration()).isEqualTo("dbxcp-444455556666-storage");
        assertThat(p.options().network()).isFalse();
        assertThat(p.options().logDelivery()).isTrue();
        assertThat(p.databricksAccountId()).isEqualTo(DBX);
    }

    @Test
    void plan_organizationsAccountWithAnotherPrefixAndNetwork_assumesTheOrganizationsRole() {
        Plan p = planner(Map.of("NAME_PREFIX", "acme-dbx", "ORGANIZATIONS_ROLE_NAME", "OrgAdmin", "ONBOARD_NETWORK", "true",
                "KEY_ADMIN_ROLE_NAMES", "SecurityAdmins, KeyAdmins"))
                .plan(new OnboardingRequest("ORGANIZATIONS", "777788889999", null, "us-east-1", null, "car-1"));

        assertThat(p.accessRoleArn()).isEqualTo("arn:aws:iam::777788889999:role/OrgAdmin");
        assertThat(p.names().logBucket()).isEqualTo("acme-dbx-777788889999-us-east-1-logs");
        assertThat(p.options().network()).isTrue();
        assertThat(p.options().privateLink()).isFalse();
        assertThat(p.options().keyAdminRoleArns()).containsExactly("arn:aws:iam::777788889999:role/SecurityAdmins",
                "arn:aws:iam::777788889999:role/KeyAdmins");
    }

    @Test
    void validate_noRegion_takesTheFunctionsRegion() {
        assertThat(planner(Map.of()).validate(new OnboardingRequest("ORGANIZATIONS", "777788889999", null, null, null, null)).region())
                .isEqualTo("us-east-1");
    }

    @Test
    void validate_badRequest_namesEveryField() {
        assertThatThrownBy(() -> planner(Map.of()).validate(new OnboardingRequest("ELSEWHERE", "12", null, "mars-1", null, null)))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).violations()).extracting(v -> v.field())
                        .containsExactly("request.origin", "request.accountId", "request.region"));
    }

    @Test
    void config_badValues_areAllNamedAtOnce() {
        Env.override(Map.of("NAME_PREFIX", "Not_A_Bucket_Prefix", "ONBOARD_VPC_CIDR", "10.0.0.0/8", "ONBOARD_NETWORK", "maybe",
                "DATABRICKS_WORKSPACE_ENDPOINT_SERVICE", "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"));

        assertThatThrownBy(OnboardingConfig::fromEnv).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("NAME_PREFIX").hasMessageContaining("ONBOARD_VPC_CIDR").hasMessageContaining("ONBOARD_NETWORK")
                .hasMessageContaining("DATABRICKS_RELAY_ENDPOINT_SERVICE").hasMessageContaining("DATABRICKS_ACCOUNT_ID");
    }

    @Test
    void config_privateLink_needsTheNetwork() {
        assertThatThrownBy(() -> planner(Map.of("DATABRICKS_WORKSPACE_ENDPOINT_SERVICE", "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
                "DATABRICKS_RELAY_ENDPOINT_SERVICE", "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef1")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ONBOARD_NETWORK=true");
    }
}
