package io.dbxcp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.databricks.DatabricksSettings;
import io.dbxcp.common.errors.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EnvTest {
    @AfterEach
    void clear() {
        Env.clearOverride();
    }

    @Test
    void reader_missingAndMalformedVariables_areAllNamedInOneError() {
        Env.override(Map.of("SOME_PORT", "eighty", "SOME_URL", "http://a b"));
        Env.Reader env = Env.reader();
        env.required("DBXCP_SURELY_MISSING");
        env.integer("SOME_PORT", 1, 1, 65535);
        env.optionalUri("SOME_URL");

        assertThatThrownBy(env::check).isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                .containsExactly("DBXCP_SURELY_MISSING is not set", "SOME_PORT is not a whole number", "SOME_URL is not a URL"));
    }

    @Test
    void reader_valueOutOfRange_namesTheRange() {
        Env.override(Map.of("TIMEOUT", "9999"));
        Env.Reader env = Env.reader();
        env.integer("TIMEOUT", 30, 1, 840);
        assertThatThrownBy(env::check).hasMessageContaining("TIMEOUT is 9999, outside 1..840");
    }

    @Test
    void get_blankValue_isAbsent() {
        Env.override(Map.of("BLANK", "  "));
        assertThat(Env.get("BLANK")).isEmpty();
    }

    @Test
    void awsSettings_noRegion_isAConfigurationError() {
        Env.override(Map.of("AWS_REGION", ""));
        assertThatThrownBy(AwsSettings::fromEnv).isInstanceOf(ConfigurationException.class).hasMessageContaining("AWS_REGION is not set");
    }

    @Test
    void awsSettings_endpointOverride_isHonoured() {
        Env.override(Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:5000"));
        AwsSettings s = AwsSettings.fromEnv();
        assertThat(s.region().id()).isEqualTo("eu-west-1");
        assertThat(s.endpoint()).hasToString("http://127.0.0.1:5000");
    }

    @Test
    void databricksSettings_noCredentials_saysWhatToSet() {
        Env.override(Map.of("DATABRICKS_ACCOUNT_ID", "0d26daa6-5e44-4c97-a497-ef015f91254a", "DATABRICKS_CLIENT_ID", "", "DATABRICKS_CLIENT_SECRET", "", "DATABRICKS_CREDENTIALS_SECRET", ""));
        assertThatThrownBy(DatabricksSettings::fromEnv).hasMessageContaining("DATABRICKS_CREDENTIALS_SECRET");
    }

    @Test
    void databricksSettings_toString_neverShowsTheSecret() {
        Env.override(Map.of("DATABRICKS_ACCOUNT_ID", "0d26daa6-5e44-4c97-a497-ef015f91254a", "DATABRICKS_CLIENT_ID", "cid",
                "DATABRICKS_CLIENT_SECRET", "dose-very-secret-value", "DATABRICKS_HOST", "http://localhost:1234/"));
        DatabricksSettings s = DatabricksSettings.fromEnv();
        assertThat(s.host()).isEqualTo("http://localhost:1234");
        assertThat(s.toString()).contains("cid").doesNotContain("dose-very-secret-value");
    }
}
