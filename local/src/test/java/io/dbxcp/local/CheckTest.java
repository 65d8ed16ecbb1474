package io.dbxcp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckTest {

    @TempDir
    Path history;

    @Test
    void aMissingHandlerClass_failsTheExecution_pastEveryRetryAndCatch() {
        try (LocalRunner runner = LocalRunner.builder().projectRoot(ProjectRoot.find())
                .template(Fixtures.resource("broken/template.yaml")).historyDir(history).quiet().build()) {

            Execution ex = runner.run("missing-handler", "{}");

            assertThat(ex.status()).isEqualTo("FAILED");
            assertThat(ex.error()).isEqualTo("States.Runtime");
            assertThat(ex.cause()).contains("io.dbxcp.nowhere.GoneHandler").contains("not on the classpath");
            assertThat(ex.events("StateRetried")).isEmpty();
            assertThat(ex.events("StateCaught")).isEmpty();
            assertThat(ex.events("TaskFailed").getFirst().get("fatal").asBoolean()).isTrue();
        }
    }

    @Test
    void check_findsMissingHandlerClasses_unknownExceptionClasses_andUnresolvedSubstitutions() {
        try (LocalRunner runner = LocalRunner.builder().projectRoot(ProjectRoot.find())
                .template(Fixtures.resource("broken/template.yaml")).historyDir(history).quiet().build()) {

            List<String> problems = runner.check("broken");

            assertThat(problems).anySatisfy(p -> assertThat(p).contains("UnknownArn").contains("NoSuchResource"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("io.dbxcp.nowhere.GoneHandler"));
            assertThat(problems).anySatisfy(p -> assertThat(p).contains("io.dbxcp.nowhere.GoneException"));
            assertThat(problems).noneSatisfy(p -> assertThat(p).contains("States.Timeout"));
            assertThat(problems).noneSatisfy(p -> assertThat(p).contains("Lambda.ServiceException"));
            assertThatThrownBy(() -> runner.run("broken", "{}")).isInstanceOf(LocalRunnerException.class)
                    .hasMessageContaining("NoSuchResource");
        }
    }
}
