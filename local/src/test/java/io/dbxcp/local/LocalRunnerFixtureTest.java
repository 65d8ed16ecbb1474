package io.dbxcp.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.local.fixtures.RendezvousHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the fixture state machines end to end: the real engine, the fixture handlers in this JVM. */
class LocalRunnerFixtureTest {

    @TempDir
    static Path history;

    private static LocalRunner runner;

    @BeforeAll
    static void startRunner() {
        runner = Fixtures.runner(history).build();
    }

    @AfterAll
    static void stopRunner() {
        runner.close();
    }

    @Test
    void happyPath_runsEveryStateType_andSucceeds() throws Exception {
        Execution ex = runner.run("happy-path",
                "{\"name\":\"Ada\",\"count\":2,\"words\":[\"alpha\",\"beta\",\"gamma\"]}");

        assertThat(ex.status()).as("%s: %s", ex.error(), ex.cause()).isEqualTo("SUCCEEDED");
        JsonNode out = ex.output();
        // lambda:invoke result shaped like Step Functions': the handler's record under Payload
        assertThat(out.at("/greet/greeting/message").asText()).isEqualTo("Hello, Ada!");
        assertThat(out.at("/greet/greeting/function").asText()).isEqualTo("GreetFunction");
        assertThat(out.at("/greet/statusCode").asInt()).isEqualTo(200);
        // Parallel: a bare-ARN RequestHandler<Map,Map> and a RequestStreamHandler through lambda:invoke
        assertThat(out.at("/branches/0/from").asText()).isEqualTo("branch-1");
        assertThat(out.at("/branches/0/message").asText()).isEqualTo("Hello, Ada!");
        assertThat(out.at("/branches/1/streamed").asBoolean()).isTrue();
        // inline Map over a plain method handler (ShoutHandler::shout)
        assertThat(out.get("shouted")).hasToString("[\"ALPHA!\",\"BETA!\",\"GAMMA!\"]");

        assertThat(ex.statesEntered()).containsSubsequence("PrepareRequest", "Greet", "HowMany", "FanOut", "ShoutEach",
                "Pause", "Done");
        assertThat(ex.statesEntered()).contains("Echo", "Stream").doesNotContain("JustOne");
        assertThat(ex.events("StateEntered", "Shout")).hasSize(3);
        assertThat(ex.events("StateExited", "HowMany").getFirst().get("next").asText()).isEqualTo("FanOut");
        HistoryEvent wait = ex.events("StateEntered", "Pause").getFirst();
        assertThat(wait.get("wait").get("ms").asLong()).isEqualTo(2000);
        assertThat(wait.get("wait").get("scaledMs").asLong()).isEqualTo(20);
        HistoryEvent greet = ex.events("TaskSucceeded", "Greet").getFirst();
        assertThat(greet.get("function").asText()).isEqualTo("GreetFunction");
        assertThat(greet.get("handler").asText()).isEqualTo("io.dbxcp.local.fixtures.GreetHandler::handleRequest");
        assertThat(greet.get("parameters").get("FunctionName").asText())
                .isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:GreetFunction:live");
    }

    @Test
    void choice_takesTheDefaultBranch_whenNoRuleMatches() {
        Execution ex = runner.run("happy-path", "{\"name\":\"Bo\",\"count\":1,\"words\":[]}");

        assertThat(ex.succeeded()).isTrue();
        assertThat(ex.output().get("note").asText()).isEqualTo("only one");
        assertThat(ex.events("StateExited", "HowMany").getFirst().get("next").asText()).isEqualTo("JustOne");
        assertThat(ex.statesEntered()).doesNotContain("FanOut", "Pause");
    }

    @Test
    void retryAndCatch_retriesTheJavaExceptionByClassName_thenCatchesWithResultPath() throws Exception {
        Execution ex = runner.run("retry-catch", "{\"key\":\"rc-1\",\"failures\":2,\"name\":\"analytics\"}");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("WorkspaceRejected");
        assertThat(ex.cause()).isEqualTo("validation failed; compensated");

        // two failures, two retries with backoff (1 s then 2 s, scaled by 0.01), then success on the third call
        List<HistoryEvent> failed = ex.events("StateFailed", "CallFlaky");
        assertThat(failed).hasSize(2).allSatisfy(f -> assertThat(f.error())
                .isEqualTo("io.dbxcp.local.fixtures.FlakyException"));
        JsonNode firstCause = Json.parse(failed.getFirst().cause());
        assertThat(firstCause.get("errorType").asText()).isEqualTo("io.dbxcp.local.fixtures.FlakyException");
        assertThat(firstCause.get("errorMessage").asText()).isEqualTo("not yet: call 1 of rc-1");
        assertThat(firstCause.get("stackTrace").get(0).asText()).startsWith("io.dbxcp.local.fixtures.FlakyHandler");
        List<HistoryEvent> retried = ex.events("StateRetried", "CallFlaky");
        assertThat(retried).extracting(r -> r.get("retry").get("attempt").asInt()).containsExactly(1, 2);
        assertThat(retried).extracting(r -> r.get("retry").get("pauseMs").asLong()).containsExactly(1000L, 2000L);
        assertThat(retried).extracting(r -> r.get("retry").get("scaledPauseMs").asLong()).containsExactly(10L, 20L);
        assertThat(ex.events("TaskFailed", "CallFlaky")).hasSize(2);
        assertThat(ex.events("TaskSucceeded", "CallFlaky")).hasSize(1);

        // the Catch keeps the input and adds $.error {Error: class name, Cause: the Lambda error payload}
        JsonNode afterCatch = ex.events("StateExited", "Validate").getFirst().output();
        assertThat(afterCatch.get("name").asText()).isEqualTo("analytics");
        assertThat(afterCatch.at("/flaky/calls").asInt()).isEqualTo(3);
        assertThat(afterCatch.at("/error/Error").asText())
                .isEqualTo("io.dbxcp.local.fixtures.ValidationFailedException");
        JsonNode cause = Json.parse(afterCatch.at("/error/Cause").asText());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("workspace name 'analytics' is taken");
        assertThat(cause.get("errorType").asText()).isEqualTo("io.dbxcp.local.fixtures.ValidationFailedException");
        assertThat(cause.at("/cause/errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
        HistoryEvent caught = ex.events("StateCaught", "Validate").getFirst();
        assertThat(caught.get("catch").get("next").asText()).isEqualTo("Compensate");
        assertThat(ex.events("StateExited", "Compensate").getFirst().output().at("/compensation/error").asText())
                .isEqualTo("io.dbxcp.local.fixtures.ValidationFailedException");

        // and the history file says the same
        JsonNode file = Json.parse(Files.readString(ex.historyFile()));
        assertThat(file.get("status").asText()).isEqualTo("FAILED");
        assertThat(file.get("executionArn").asText()).isEqualTo(ex.executionArn());
        assertThat(file.get("events")).hasSize(ex.history().size());
        assertThat(file.get("events").findValuesAsText("type")).contains("StateRetried", "StateCaught");
    }

    @Test
    void retry_givesUp_afterMaxAttempts_andTheExecutionFailsWithTheExceptionClass() {
        Execution ex = runner.run("retry-catch", "{\"key\":\"rc-2\",\"failures\":9,\"name\":\"x\"}");

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("io.dbxcp.local.fixtures.FlakyException");
        assertThat(Json.parse(ex.cause()).get("errorMessage").asText()).isEqualTo("not yet: call 4 of rc-2");
        assertThat(ex.events("StateRetried", "CallFlaky")).hasSize(3);
        assertThat(ex.events("ExecutionFailed")).hasSize(1);
    }

    @Test
    void catchAll_catchesAnUnexpectedException_byStatesAll() {
        Execution ex = runner.run("retry-catch",
                "{\"key\":\"rc-3\",\"failures\":0,\"name\":\"x\",\"unexpected\":true}");

        assertThat(ex.error()).isEqualTo("UnexpectedError");
        assertThat(ex.events("StateExited", "Validate").getFirst().output().at("/error/Error").asText())
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void pollLoop_waitsAtTheScaledDuration_untilTheWorkspaceRuns() {
        Execution ex = runner.run("poll-loop", "{\"id\":\"ws-1\",\"readyAfter\":3}");

        assertThat(ex.status()).isEqualTo("SUCCEEDED");
        assertThat(ex.events("StateEntered", "CheckStatus")).hasSize(3);
        List<HistoryEvent> waits = ex.events("StateEntered", "WaitBeforeNextPoll");
        assertThat(waits).hasSize(2).allSatisfy(w -> {
            assertThat(w.get("wait").get("ms").asLong()).isEqualTo(30_000);
            assertThat(w.get("wait").get("scaledMs").asLong()).isEqualTo(300);
        });
        assertThat(ex.events("StateExited", "IsRunning")).extracting(e -> e.get("next").asText())
                .containsExactly("WaitBeforeNextPoll", "WaitBeforeNextPoll", "Running");
        assertThat(ex.output().get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void nestedExecutions_runTheChildInTheSameRunner_andShapeTheOutputLikeStepFunctions() throws Exception {
        Execution ex = runner.run("parent", "{\"name\":\"Grace\"}");

        assertThat(ex.status()).as("%s %s", ex.error(), ex.cause()).isEqualTo("SUCCEEDED");
        // .sync:2: Output is JSON
        assertThat(ex.output().at("/child/output/message").asText()).isEqualTo("Hello, Grace!");
        assertThat(ex.output().at("/child/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(ex.output().at("/child/executionArn").asText())
                .startsWith("arn:aws:states:eu-west-1:123456789012:execution:ChildStateMachine:");
        // .sync: Output is a JSON string
        assertThat(ex.output().at("/childV1/outputText").isTextual()).isTrue();
        assertThat(Json.parse(ex.output().at("/childV1/outputText").asText()).get("message").asText())
                .isEqualTo("Hello, v1!");
        // a failed child fails the Task with States.TaskFailed; its Cause describes the child execution
        JsonNode childError = ex.output().get("childError");
        assertThat(childError.get("Error").asText()).isEqualTo("States.TaskFailed");
        JsonNode described = Json.parse(childError.get("Cause").asText());
        assertThat(described.get("Status").asText()).isEqualTo("FAILED");
        assertThat(described.get("Error").asText()).isEqualTo("WorkspaceRejected");

        HistoryEvent task = ex.events("TaskSucceeded", "RunChild").getFirst();
        Path childHistory = Path.of(task.get("childHistory").asText());
        JsonNode child = Json.parse(Files.readString(childHistory));
        assertThat(child.get("parentExecutionArn").asText()).isEqualTo(ex.executionArn());
        assertThat(child.get("input").get("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID").asText())
                .isEqualTo(ex.executionArn());
        assertThat(child.get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void handlers_seeTheirFunctionEnvironment_resolvedFromTheTemplate() {
        Execution ex = runner.run("happy-path", "{\"name\":\"Env\",\"count\":2,\"words\":[]}");

        JsonNode echo = ex.output().at("/branches/0");
        assertThat(echo.get("stage").asText()).isEqualTo("dev");
        assertThat(echo.get("busName").asText()).isEqualTo("dbxcp-fixture-dev");
        assertThat(echo.get("tableFromSub").asText())
                .isEqualTo("arn:aws:dynamodb:eu-west-1:123456789012:Table/index/by-name");
        assertThat(echo.get("sdkRegionProperty").asText()).isEqualTo("eu-west-1");
        assertThat(ex.output().at("/greet/greeting/builtWithRegion").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void parallelBranchesCallingOneFunction_runAtTheSameTime_onInstancesOfTheirOwn_withTheirEnvironment() {
        RendezvousHandler.expect(2);
        Execution ex = runner.run("concurrent", "{}");

        assertThat(ex.succeeded()).as("%s %s", ex.error(), ex.cause()).isTrue();
        assertThat(ex.output().findValuesAsText("met")).containsExactly("true", "true");
        assertThat(ex.output().get(0).get("instance")).isNotEqualTo(ex.output().get(1).get("instance"));
        assertThat(ex.output().findValuesAsText("stage")).containsOnly("dev");
        assertThat(ex.output().findValuesAsText("sdkRegionProperty")).containsOnly("eu-west-1");
        assertThat(runner.instancesBuilt()).containsEntry("RendezvousFunction", 2);
    }

    @Test
    void aDefinitionFile_outsideTheTemplate_runsOnItsOwn() {
        Execution ex = runner.run(Fixtures.resource("fixture/standalone/pass-only.asl.json").toString(),
                "{\"who\":\"world\"}");

        assertThat(ex.status()).isEqualTo("SUCCEEDED");
        assertThat(ex.output().get("hello").asText()).isEqualTo("world");
        assertThat(ex.stateMachine()).isEqualTo("pass-only");
    }

    @Test
    void anUnsupportedResource_isRefusedBeforeRunning_namingIt() {
        String file = Fixtures.resource("fixture/standalone/unsupported.asl.json").toString();

        assertThatThrownBy(() -> runner.run(file, "{}"))
                .isInstanceOf(LocalRunnerException.class)
                .hasMessageContaining("arn:aws:states:::sqs:sendMessage")
                .hasMessageContaining("SendMessage");
    }

    @Test
    void anUndefinedSubstitution_isRefusedBeforeRunning() {
        String file = Fixtures.resource("fixture/standalone/undefined-substitution.asl.json").toString();

        assertThatThrownBy(() -> runner.run(file, "{}"))
                .isInstanceOf(LocalRunnerException.class)
                .hasMessageContaining("${NotDefinedFunctionArn}");
    }

    @Test
    void anUnknownWorkflow_isRefused_listingTheKnownOnes() {
        assertThatThrownBy(() -> runner.run("no-such-flow", "{}"))
                .isInstanceOf(LocalRunnerException.class)
                .hasMessageContaining("no-such-flow")
                .hasMessageContaining("happy-path");
    }

    @Test
    void check_acceptsEveryFixtureWorkflow() {
        for (String workflow : runner.workflows()) {
            assertThat(runner.check(workflow)).as(workflow).isEmpty();
        }
    }
}
