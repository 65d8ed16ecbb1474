package io.dbxcp.accounts.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    static final ObjectNode TLS = Policies.deny("DenyInsecureTransport").anyone().actions("s3:*").resources("arn:aws:s3:::b", "arn:aws:s3:::b/*")
            .condition("Bool", "aws:SecureTransport", "false").json();

    @Test
    void merge_noPolicyYet_isOurStatementsAndReportsThemDrifted() {
        Policies.Merge m = Policies.merge(null, List.of(TLS));

        assertThat(m.changed()).isTrue();
        assertThat(m.drifted()).containsExactly("DenyInsecureTransport");
        assertThat(Policies.statements(m.document())).containsExactly(TLS);
    }

    @Test
    void merge_ourStatementAsAwsReturnsIt_isNoChange() {
        // AWS may give back a one-element list as a string, lists reordered, and a lone statement as an object
        String returned = """
                {"Version":"2012-10-17","Statement":{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":["s3:*"],
                 "Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b"],"Condition":{"Bool":{"aws:SecureTransport":["false"]}}}}""";

        assertThat(Policies.merge(Policies.parse(returned), List.of(TLS)).changed()).isFalse();
    }

    @Test
    void merge_driftedStatement_isReplaced_andOthersStatementsAreKeptAfterOurs() {
        String present = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"TeamRead","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
                 {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*",
                  "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}""";

        Policies.Merge m = Policies.merge(Policies.parse(present), List.of(TLS));

        assertThat(m.drifted()).containsExactly("DenyInsecureTransport");
        assertThat(Policies.statements(m.document())).extracting(s -> s.path("Sid").asText()).containsExactly("DenyInsecureTransport", "TeamRead");
        assertThat(Policies.statements(m.document()).get(0)).isEqualTo(TLS);
    }

    @Test
    void same_readsIamsUrlEncodedDocuments() {
        ObjectNode trust = Policies.document(Policies.allow("AllowEc2").service("ec2.amazonaws.com").actions("sts:AssumeRole").json());
        String encoded = URLEncoder.encode(Json.write(trust), StandardCharsets.UTF_8);

        assertThat(Policies.same(Policies.parse(encoded), trust)).isTrue();
        assertThat(Policies.same(Policies.parse(encoded), Policies.document(TLS))).isFalse();
    }

    @Test
    void statement_conditionsOfSeveralOperators_areAllKept() {
        ObjectNode s = Policies.deny("X").anyone().actions("s3:PutObject").resources("arn:aws:s3:::b/*")
                .condition("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms")
                .condition("Null", "s3:x-amz-server-side-encryption", "false").json();

        assertThat(s.at("/Condition/StringNotEquals/s3:x-amz-server-side-encryption").asText()).isEqualTo("aws:kms");
        assertThat(s.at("/Condition/Null/s3:x-amz-server-side-encryption").asText()).isEqualTo("false");
    }
}
