package io.dbxcp.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of scripts/run, in process (offline target: moto from .venv). */
class MainTest {

    @TempDir
    Path history;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int main(String... args) {
        return main(Map.of(), args);
    }

    private int main(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--template", Fixtures.template().toString(), "--history-dir", history.toString()));
        return Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_succeeds_printsProgressAndOutput_andWritesHistory() throws Exception {
        int code = main("happy-path", "{\"name\":\"Cli\",\"count\":2,\"words\":[\"x\"]}", "--fast-waits",
                "--value", "DatabricksAccountId=acc-cli");

        assertThat(code).as(out() + err).isZero();
        assertThat(out()).contains("offline: AWS is moto at http://127.0.0.1:")
                .contains("Greet").contains("HowMany").contains("FanOut")
                .contains("SUCCEEDED").contains("\"message\" : \"Hello, Cli!\"").contains("history: ");
        try (Stream<Path> files = Files.list(history)) {
            assertThat(files).anyMatch(f -> f.getFileName().toString().contains("HappyPathStateMachine"));
        }
    }

    @Test
    void aFailedExecution_exitsWithOne_andPrintsErrorAndCause() {
        int code = main("retry-catch", "--input", "{\"key\":\"cli\",\"failures\":0,\"name\":\"n\"}", "--fast-waits",
                "--quiet");

        assertThat(code).isEqualTo(1);
        assertThat(out()).contains("FAILED WorkspaceRejected: validation failed; compensated");
    }

    @Test
    void anEventFile_isRoutedByTheIntake_toItsWorkflow() {
        Path event = ProjectRoot.find().resolve("events/workspace-request.json");

        int code = main(event.toString(), "--fast-waits");

        assertThat(code).as(out() + err).isZero();
        assertThat(out()).contains("event routed by the intake to provision-workspace")
                .contains("\"workflow\" : \"provision-workspace\"");
    }

    @Test
    void check_and_list_coverTheTemplate() {
        assertThat(main("--check")).as(out()).isZero();
        assertThat(out()).contains("ok      happy-path").contains("ok      parent");

        out.reset();
        assertThat(main("--list")).isZero();
        assertThat(out().lines()).contains("happy-path", "retry-catch", "poll-loop", "parent", "child", "publish");
    }

    @Test
    void realTarget_startsNoEmulatorAndNoMoto_andNeverPrintsSecrets() {
        int code = main(Map.of("DBXCP_TARGET", "real", "AWS_REGION", "eu-central-1",
                "DATABRICKS_CLIENT_SECRET", "dose-very-secret", "AWS_SECRET_ACCESS_KEY", "aws-very-secret"),
                "happy-path", "{\"name\":\"Real\",\"count\":1,\"words\":[]}", "--fast-waits");

        assertThat(code).as(out() + err).isZero();
        assertThat(out()).contains("real target (DBXCP_TARGET=real)").contains("DATABRICKS_CLIENT_SECRET set")
                .doesNotContain("offline:").doesNotContain("very-secret")
                .contains("\"builtWithRegion\" : \"eu-central-1\"");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("very-secret");
    }

    @Test
    void badArguments_exitWithTwo() {
        assertThat(main("happy-path", "--wait-scale", "fast")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--wait-scale wants a number");
        assertThat(main("no-such-workflow", "--fast-waits")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no state machine named 'no-such-workflow'");
    }
}
