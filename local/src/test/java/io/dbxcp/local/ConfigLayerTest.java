package io.dbxcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbxcp.common.config.Env;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default config layer: io.dbxcp.common.config.Env receives each function's environment. */
class ConfigLayerTest {

    @TempDir
    Path history;

    @Test
    void handlersReadingCommonEnv_seeTheirFunctionEnvironment_atConstructionAndInvocation() {
        try (LocalRunner runner = LocalRunner.builder()
                .projectRoot(ProjectRoot.find())
                .template(Fixtures.template())
                .environment("AWS_REGION", "ap-south-1")
                .localValue("Stage", "prod")
                .historyDir(history)
                .quiet()
                .build()) {
            assertThat(runner.configLayerFound()).isTrue();

            Execution ex = runner.run("config-layer", "{}");

            assertThat(ex.output().get("stageAtConstruction").asText()).isEqualTo("prod");
            assertThat(ex.output().get("stage").asText()).isEqualTo("prod");
            assertThat(ex.output().get("region").asText()).isEqualTo("ap-south-1");
            assertThat(ex.output().get("function").asText()).isEqualTo("ConfigFunction");
        }
        // the override does not outlive the call
        assertThat(Env.get("AWS_LAMBDA_FUNCTION_NAME")).isEmpty();
    }
}
