package io.dbxcp.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplateBindingsTest {

    private SamTemplate template;
    private TemplateBindings bindings;

    @BeforeEach
    void load() throws Exception {
        template = SamTemplate.load(fixture());
        bindings = new TemplateBindings(template,
                new TemplateResolver(template, Map.of("DatabricksAccountId", "acc-1"), "eu-west-1", "123456789012"));
    }

    @Test
    void stateMachines_areFoundByWorkflowName_logicalId_orLooseName() {
        assertThat(template.stateMachine("happy-path")).get().extracting(StateMachineSpec::logicalId)
                .isEqualTo("HappyPathStateMachine");
        assertThat(template.stateMachine("HappyPathStateMachine")).isPresent();
        assertThat(template.stateMachine("happypath")).isPresent();
        assertThat(template.stateMachine("nope")).isEmpty();
    }

    @Test
    void functionSubstitutions_inEveryForm_resolveToTheFunction() {
        ResolvedDefinition d = bindings.definition(template.stateMachine("happy-path").orElseThrow());

        assertThat(d.problems()).isEmpty();
        assertThat(d.substitutions()).containsEntry("GreetFunctionArn",
                        "arn:aws:lambda:eu-west-1:123456789012:function:GreetFunction:live") // !Ref FnAliaslive
                .containsEntry("EchoFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:EchoFunction")
                .containsEntry("ShoutFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:ShoutFunction");
        assertThat(d.functions()).containsEntry("Greet", "GreetFunction").containsEntry("Echo", "EchoFunction")
                .containsEntry("Stream", "StreamFunction").containsEntry("Shout", "ShoutFunction");
        assertThat(bindings.definition(template.stateMachine("poll-loop").orElseThrow()).substitutions())
                .containsEntry("PollFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:PollFunction:live");
    }

    @Test
    void otherSubstitutions_getLocalStandIns() {
        ResolvedDefinition parent = bindings.definition(template.stateMachine("parent").orElseThrow());
        ResolvedDefinition publish = bindings.definition(template.stateMachine("publish").orElseThrow());

        assertThat(parent.substitutions())
                .containsEntry("ChildStateMachineArn",
                        "arn:aws:states:eu-west-1:123456789012:stateMachine:ChildStateMachine")
                .containsEntry("FailingChildStateMachineArn",
                        "arn:aws:states:eu-west-1:123456789012:stateMachine:RetryCatchStateMachine");
        assertThat(publish.substitutions()).containsEntry("EventBusName", "dbxcp-fixture-dev")
                .containsEntry("Source", "dbxcp.fixture");
        assertThat(publish.definition().at("/States/Announce/Parameters/Entries/0/EventBusName").asText())
                .isEqualTo("dbxcp-fixture-dev");
    }

    @Test
    void functionReferences_matchArnsAliasesAndNames() {
        assertThat(bindings.function("arn:aws:lambda:eu-west-1:123456789012:function:GreetFunction:live"))
                .get().extracting(FunctionSpec::logicalId).isEqualTo("GreetFunction");
        assertThat(bindings.function("GreetFunction")).isPresent();
        assertThat(bindings.function("123456789012:function:EchoFunction")).isPresent();
        assertThat(bindings.function("arn:aws:lambda:eu-west-1:123456789012:function:Nope")).isEmpty();
    }

    @Test
    void environment_mergesGlobals_resolvesIntrinsics_andDropsNoValue() {
        FunctionSpec echo = bindings.functions().get("EchoFunction");
        TemplateBindings.ResolvedEnvironment env = bindings.environment(echo);

        assertThat(env.variables())
                .containsEntry("STAGE", "dev")
                .containsEntry("EVENT_BUS_NAME", "dbxcp-fixture-dev")
                .containsEntry("LOG_RETENTION", "7")
                .containsEntry("POWERTOOLS_SERVICE_NAME", "fixture")
                .containsEntry("TABLE_ARN", "arn:aws:dynamodb:eu-west-1:123456789012:Table/index/by-name")
                .containsEntry("VERBOSE", "true")
                .doesNotContainKey("ONLY_IN_PROD");
        assertThat(env.unresolved()).isEmpty();
        assertThat(echo.timeoutSeconds()).isEqualTo(10);
        assertThat(echo.memoryMb()).isEqualTo(512);
        assertThat(echo.handlerClass()).isEqualTo("io.dbxcp.local.fixtures.EchoHandler");
        assertThat(echo.handlerMethod()).isNull();

        FunctionSpec greet = bindings.functions().get("GreetFunction");
        assertThat(bindings.environment(greet).variables()).containsEntry("FIRST_SUBNET", "subnet-a")
                .containsEntry("ACCOUNT", "acc-1").containsEntry("GREETING", "Hello");
    }

    @Test
    void aParameterWithoutDefault_isReportedUnresolved_whenNoLocalValueIsGiven() {
        TemplateBindings bare = new TemplateBindings(template,
                new TemplateResolver(template, Map.of(), "us-east-1", "123456789012"));

        TemplateBindings.ResolvedEnvironment env = bare.environment(bare.functions().get("GreetFunction"));

        assertThat(env.unresolved()).containsOnlyKeys("ACCOUNT");
        assertThat(env.unresolved().get("ACCOUNT")).contains("DatabricksAccountId");
    }

    @Test
    void localValues_winOverDefaultsAndStandIns() throws Exception {
        TemplateResolver resolver = new TemplateResolver(template,
                Map.of("Stage", "prod", "Bus.Name", "my-bus"), "us-east-1", "123456789012");

        assertThat(resolver.resolveString(new Intrinsic("Ref", "Stage"))).isEqualTo("prod");
        assertThat(resolver.resolveString(new Intrinsic("Fn::GetAtt", java.util.List.of("Bus", "Name"))))
                .isEqualTo("my-bus");
        assertThat(resolver.resolveString(CfnYaml.parse("!If [IsProd, paged, quiet]"))).isEqualTo("paged");
        assertThatThrownBy(() -> resolver.resolve(new Intrinsic("Ref", "Missing")))
                .isInstanceOf(Unresolved.class).hasMessageContaining("Missing");
    }

    private static Path fixture() throws URISyntaxException {
        return Path.of(TemplateBindingsTest.class.getClassLoader().getResource("fixture/template.yaml").toURI());
    }
}
