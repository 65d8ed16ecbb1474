package io.dbxcp.accounts.access;

import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The AWS clients of the new account (IAM is global; the others in the onboarding region). Building them makes no call. */
public record TargetClients(IamClient iam, S3Client s3, KmsClient kms, Ec2Client ec2) {
    public static TargetClients of(AwsSettings s) {
        var s3 = S3Client.builder();
        if (s.endpoint() != null) s3.forcePathStyle(true);
        return new TargetClients(
                AwsClients.build(IamClient.builder(), new AwsSettings(Region.AWS_GLOBAL, s.endpoint(), s.credentials(), s.httpTimeout())),
                AwsClients.build(s3, s), AwsClients.build(KmsClient.builder(), s), AwsClients.build(Ec2Client.builder(), s));
    }
}
