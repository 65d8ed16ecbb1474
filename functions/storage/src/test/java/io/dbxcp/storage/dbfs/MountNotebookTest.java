package io.dbxcp.storage.dbfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbxcp.storage.model.BucketPlan;
import org.junit.jupiter.api.Test;

class MountNotebookTest {
    static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/3d4e5f60-7182-4c9d-8e1f-2a3b4c5d6e7f";

    static BucketPlan plan(String bucket, String mountName, String key) {
        return new BucketPlan(bucket, mountName, "arn:aws:iam::111122223333:instance-profile/data", null, key, false,
                "/mnt/" + mountName, "s3a://" + bucket, null);
    }

    @Test
    void source_unmountsFirstThenMountsWithTheSseKmsSettingsAsLiterals() {
        String source = MountNotebook.source(plan("lake-raw", "raw", KEY), "req-1");

        assertThat(source).startsWith("# Databricks notebook source\n");
        assertThat(source).contains("if any(m.mountPoint == \"/mnt/raw\" for m in dbutils.fs.mounts()):\n    dbutils.fs.unmount(\"/mnt/raw\")");
        assertThat(source).contains("dbutils.fs.mount(source=\"s3a://lake-raw\", mount_point=\"/mnt/raw\", extra_configs={"
                + "\"fs.s3a.server-side-encryption-algorithm\": \"SSE-KMS\", \"fs.s3a.server-side-encryption.key\": \"" + KEY + "\"})");
        assertThat(source.indexOf("dbutils.fs.unmount")).isLessThan(source.indexOf("dbutils.fs.mount("));
    }

    @Test
    void source_withoutAKey_mountsWithoutExtraConfigs() {
        assertThat(MountNotebook.source(plan("lake-raw", "raw", null), "req-1")).contains("extra_configs={})").doesNotContain("SSE-KMS");
    }

    @Test
    void pythonLiteral_escapesQuotesBackslashesAndControlCharacters() {
        assertThat(MountNotebook.py("a\"b\\c\nd")).isEqualTo("\"a\\\"b\\\\c\\u000ad\"");
    }

    @Test
    void idempotencyToken_isStableForAnExecution_differsPerBucketAndExecution_andFitsDatabricksLimit() {
        BucketPlan raw = plan("lake-raw", "raw", KEY);
        String token = MountNotebook.idempotencyToken("req-1", "mount-req-1", raw);

        assertThat(token).isEqualTo(MountNotebook.idempotencyToken("req-1", "mount-req-1", raw)).hasSizeLessThanOrEqualTo(64);
        assertThat(token).isNotEqualTo(MountNotebook.idempotencyToken("req-1", "mount-req-1", plan("lake-trusted", "trusted", KEY)));
        assertThat(token).isNotEqualTo(MountNotebook.idempotencyToken("req-1", "mount-req-1-again", raw));
        assertThat(token).isNotEqualTo(MountNotebook.idempotencyToken("req-2", "mount-req-1", raw));
    }
}
