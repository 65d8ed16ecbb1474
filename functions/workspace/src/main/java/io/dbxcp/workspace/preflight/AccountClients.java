package io.dbxcp.workspace.preflight;

import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.aws.CrossAccount;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The AWS clients preflight reads a workspace's account with, in the workspace's region. */
public record AccountClients(IamClient iam, S3Client s3, KmsClient kms, Ec2Client ec2) {

    /** Clients acting in an account, in a region. */
    @FunctionalInterface
    public interface Factory {
        AccountClients of(String accountId, Region region);
    }

    /** Clients built from settings, with the region replaced (S3 path-style when an endpoint such as moto is set). Makes no call. */
    public static AccountClients of(AwsSettings settings, Region region) {
        AwsSettings s = new AwsSettings(region, settings.endpoint(), settings.credentials(), settings.httpTimeout());
        var s3 = S3Client.builder();
        if (s.endpoint() != null) s3.forcePathStyle(true);
        return new AccountClients(AwsClients.build(IamClient.builder(), s), AwsClients.build(s3, s),
                AwsClients.build(KmsClient.builder(), s), AwsClients.build(Ec2Client.builder(), s));
    }

    /** A factory that acts in each account through {@link CrossAccount} and keeps the clients per account and region. */
    public static Factory crossAccount(CrossAccount accounts) {
        Map<String, AccountClients> cache = new ConcurrentHashMap<>();
        return (accountId, region) -> cache.computeIfAbsent(accountId + "/" + region.id(),
                k -> of(accounts.settingsFor(accountId), region));
    }
}
