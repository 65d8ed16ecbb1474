package io.dbxcp.storage.uc;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.catalog.EncryptionDetails;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.SseEncryptionDetails;
import io.dbxcp.storage.model.BucketPlan;
import org.junit.jupiter.api.Test;

class UnityCatalogServiceTest {
    static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/3d4e5f60-7182-4c9d-8e1f-2a3b4c5d6e7f";
    static final BucketPlan RAW = new BucketPlan("lake-raw", "raw", null, "arn:aws:iam::111122223333:role/data", KEY, true, "raw",
            "s3://lake-raw/", "lake-data");

    @Test
    void differences_sameUrlWrittenAsS3aWithoutSlash_andCredentialInOtherCase_match() {
        ExternalLocationInfo l = new ExternalLocationInfo().setUrl("s3a://lake-raw").setCredentialName("LAKE-data").setReadOnly(true);

        assertThat(UnityCatalogService.differences(l, RAW, "lake-data")).isEmpty();
    }

    @Test
    void differences_nameEveryFieldThatDiffers() {
        ExternalLocationInfo l = new ExternalLocationInfo().setUrl("s3://other/").setCredentialName("theirs").setReadOnly(false)
                .setEncryptionDetails(new EncryptionDetails().setSseEncryptionDetails(new SseEncryptionDetails().setAwsKmsKeyArn("arn:aws:kms:us-east-1:1:key/x")));

        assertThat(UnityCatalogService.differences(l, RAW, "lake-data")).containsExactly(
                "url is s3://other/, asked s3://lake-raw/",
                "credential is theirs, asked lake-data",
                "read_only is false, asked true",
                "SSE-KMS key is arn:aws:kms:us-east-1:1:key/x, asked " + KEY);
    }
}
