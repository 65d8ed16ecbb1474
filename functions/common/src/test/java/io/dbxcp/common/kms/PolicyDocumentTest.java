package io.dbxcp.common.kms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {
    static final String DATABRICKS = "arn:aws:iam::414351767826:root";

    @Test
    void allows_bucketPolicy_matchesResourcesWithWildcards() {
        String json = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + DATABRICKS + "\"},"
                + "\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::root-bucket\",\"arn:aws:s3:::root-bucket/*\"]}]}";
        PolicyDocument p = PolicyDocument.parse(json);

        assertThat(p.allows(DATABRICKS, "s3:GetObject", "arn:aws:s3:::root-bucket/*")).isTrue();
        assertThat(p.allows(DATABRICKS, "s3:ListBucket", "arn:aws:s3:::root-bucket")).isTrue();
        assertThat(p.allows(DATABRICKS, "s3:GetObject", "arn:aws:s3:::other-bucket/*")).isFalse();
        assertThat(p.allows(DATABRICKS, "s3:PutObject", "arn:aws:s3:::root-bucket/*")).isFalse();
    }

    @Test
    void allows_prefixOnlyResource_doesNotCoverTheWholeBucket() {
        String json = "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + DATABRICKS + "\"},"
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::root-bucket/dbfs/*\"}}";

        assertThat(PolicyDocument.parse(json).allows(DATABRICKS, "s3:GetObject", "arn:aws:s3:::root-bucket/*")).isFalse();
    }

    @Test
    void conditionValues_stringOrList_caseInsensitiveKeys() {
        String json = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + DATABRICKS + "\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:externalid\":[\"a\",\"b\"]}}},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + DATABRICKS + "\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"c\"}}}]}";
        List<PolicyDocument.Statement> s = PolicyDocument.parse(URLEncoder.encode(json, StandardCharsets.UTF_8)).statements();

        assertThat(s.get(0).conditionValues("StringEquals", "sts:ExternalId")).containsExactly("a", "b");
        assertThat(s.get(1).conditionValues("stringequals", "sts:ExternalId")).containsExactly("c");
        assertThat(s.get(1).conditionValues("StringLike", "sts:ExternalId")).isEmpty();
        assertThat(s.get(1).conditionMentions("STS:EXTERNALID")).isTrue();
    }

    @Test
    void allows_denyWithNotPrincipal_deniesEveryoneElse() {
        String json = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
        PolicyDocument p = PolicyDocument.parse(json);

        assertThat(p.allows("arn:aws:iam::123456789012:root", "s3:GetObject", "arn:aws:s3:::b/*")).isTrue();
        assertThat(p.allows(DATABRICKS, "s3:GetObject", "arn:aws:s3:::b/*")).isFalse();
    }

    @Test
    void glob_questionMarkAndStar() {
        assertThat(PolicyDocument.Glob.matches("kms:Re?ncrypt*", "kms:ReEncryptTo", false)).isTrue();
        assertThat(PolicyDocument.Glob.matches("kms:*Key", "kms:DescribeKey", false)).isTrue();
        assertThat(PolicyDocument.Glob.matches("kms:*Key", "kms:DescribeKeys", false)).isFalse();
        assertThat(PolicyDocument.Glob.matches("a*b*c", "aXbYbZc", false)).isTrue();
    }
}
