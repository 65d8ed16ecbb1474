package io.dbxcp.system;

import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.ProjectRoot;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbxcp.local.template.SamTemplate;
import io.dbxcp.local.template.StateMachineSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every state machine of the project (statemachines/ and template.yaml) can run locally: its substitutions are
 * defined and resolve, every Task resource is served, every function it calls has a handler class (on this test
 * class path, or compiled under functions/*&#47;target/classes), every ErrorEquals that names a Java class names a
 * real exception, and the ASL engine accepts it. With no state machine yet, it checks the template alone.
 */
class ProjectStateMachinesTest {

    @TempDir
    static Path history;

    private static Path root;
    private static LocalRunner runner;

    @BeforeAll
    static void start() {
        root = ProjectRoot.find();
        runner = LocalRunner.builder().projectRoot(root).historyDir(history).quiet().build();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void theTemplate_parses_andEveryStateMachineDefinitionFileExists() throws IOException {
        Path template = root.resolve("template.yaml");
        assertThat(template).exists();
        SamTemplate parsed = SamTemplate.load(template);

        for (StateMachineSpec sm : parsed.stateMachines()) {
            if (sm.inlineDefinition() == null) {
                assertThat(sm.definitionFile()).as("DefinitionUri of %s", sm.logicalId()).isRegularFile();
            }
        }
        for (Path file : definitionFiles()) {
            assertThat(parsed.stateMachineByDefinition(file)).as("%s is not the DefinitionUri of any"
                    + " AWS::Serverless::StateMachine of template.yaml", root.relativize(file)).isPresent();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyStateMachine_canRunLocally() throws IOException {
        Stream<String> fromTemplate = runner.bindings().template().stateMachines().stream()
                .map(StateMachineSpec::logicalId);
        Stream<String> fromFolder = definitionFiles().stream().map(Path::toString);
        return Stream.concat(fromTemplate, fromFolder).distinct().map(workflow -> DynamicTest.dynamicTest(
                workflow, () -> assertThat(runner.check(workflow))
                        .as("problems of %s (a missing handler class: build its module first, and add it to"
                                + " local/pom.xml as a test dependency so the reactor builds it before local)",
                                workflow)
                        .isEmpty()));
    }

    private static List<Path> definitionFiles() throws IOException {
        Path dir = root.resolve("statemachines");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).sorted().toList();
        }
    }
}
