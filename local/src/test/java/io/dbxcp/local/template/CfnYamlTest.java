package io.dbxcp.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CfnYamlTest {

    @Test
    void shortTags_parseIntoIntrinsics_inEveryNodeShape() {
        Object doc = CfnYaml.parse("""
                a: !Ref Param
                b: !GetAtt Fn.Arn
                c: !GetAtt [Bus, Name]
                d: !Sub "arn:${AWS::Partition}:s3:::${Bucket}"
                e: !Sub ["${X}-y", {X: !Ref Stage}]
                f: !If [IsProd, !Select [0, !Split [",", "a,b"]], !Join ["-", [x, !Ref Stage]]]
                g: !Equals [!Ref Stage, prod]
                h: !FindInMap [M, !Ref AWS::Region, Key]
                i: !Base64 text
                j: !GetAZs ""
                k: !ImportValue other-stack-output
                l: !Not [!Condition C]
                m: !And [!Condition A, !Or [!Condition B, !Condition C]]
                n: !Cidr [10.0.0.0/16, 3, 8]
                o: !Transform {Name: AWS::Include, Parameters: {Location: x}}
                """);

        Map<?, ?> m = (Map<?, ?>) doc;
        assertThat(m.get("a")).isEqualTo(new Intrinsic("Ref", "Param"));
        assertThat(m.get("b")).isEqualTo(new Intrinsic("Fn::GetAtt", List.of("Fn", "Arn")));
        assertThat(m.get("c")).isEqualTo(new Intrinsic("Fn::GetAtt", List.of("Bus", "Name")));
        assertThat(m.get("d")).isEqualTo(new Intrinsic("Fn::Sub", "arn:${AWS::Partition}:s3:::${Bucket}"));
        assertThat(m.get("e")).isEqualTo(new Intrinsic("Fn::Sub",
                List.of("${X}-y", Map.of("X", new Intrinsic("Ref", "Stage")))));
        assertThat(((Intrinsic) m.get("f")).function()).isEqualTo("Fn::If");
        assertThat(((Intrinsic) m.get("g")).function()).isEqualTo("Fn::Equals");
        assertThat(((Intrinsic) m.get("h")).function()).isEqualTo("Fn::FindInMap");
        assertThat(m.get("i")).isEqualTo(new Intrinsic("Fn::Base64", "text"));
        assertThat(((Intrinsic) m.get("j")).function()).isEqualTo("Fn::GetAZs");
        assertThat(((Intrinsic) m.get("k")).function()).isEqualTo("Fn::ImportValue");
        assertThat(m.get("l")).isEqualTo(new Intrinsic("Fn::Not", List.of(new Intrinsic("Condition", "C"))));
        assertThat(((Intrinsic) m.get("m")).function()).isEqualTo("Fn::And");
        assertThat(((Intrinsic) m.get("n")).function()).isEqualTo("Fn::Cidr");
        assertThat(((Intrinsic) m.get("o")).function()).isEqualTo("Fn::Transform");
    }

    @Test
    void longForm_isTheSameIntrinsic() {
        Object doc = CfnYaml.parse("""
                a: {Ref: Param}
                b: {"Fn::GetAtt": [Fn, Arn]}
                c: {"Fn::GetAtt": Fn.Arn}
                d: {Condition: IsProd}
                """);

        Map<?, ?> m = (Map<?, ?>) doc;
        assertThat(m.get("a")).isEqualTo(new Intrinsic("Ref", "Param"));
        assertThat(m.get("b")).isEqualTo(new Intrinsic("Fn::GetAtt", List.of("Fn", "Arn")));
        assertThat(m.get("c")).isEqualTo(new Intrinsic("Fn::GetAtt", List.of("Fn", "Arn")));
        assertThat(m.get("d")).isEqualTo(new Intrinsic("Condition", "IsProd"));
    }
}
