package io.dbxcp.common.kms;

import io.dbxcp.common.aws.AwsCalls;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * {@link KeyLookup} over a {@link KmsClient} of one region (the workspace's). Needs the optional
 * dependency {@code software.amazon.awssdk:kms} on the function's class path.
 */
public final class KmsKeys implements KeyLookup {
    private final KmsClient kms;
    private final String region;

    public KmsKeys(KmsClient kms, String region) {
        this.kms = kms;
        this.region = region;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public Optional<Facts> describe(String keyArn) {
        try {
            KeyMetadata m = kms.describeKey(b -> b.keyId(keyArn)).keyMetadata();
            return Optional.of(new Facts(m.arn(), m.keyStateAsString(), m.deletionDate(), m.keySpecAsString(), m.keyUsageAsString(),
                    m.keyManagerAsString()));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw translate("DescribeKey " + keyArn, e);
        }
    }

    @Override
    public String policy(String keyArn) {
        try {
            return kms.getKeyPolicy(b -> b.keyId(keyArn).policyName("default")).policy();
        } catch (SdkException e) {
            throw translate("GetKeyPolicy " + keyArn, e);
        }
    }

    private static RuntimeException translate(String what, SdkException e) {
        if (AwsCalls.isTransient(e)) return AwsCalls.asTransient(what, e);
        if (AwsCalls.isDenied(e)) return new AccessDenied(AwsCalls.describe(e), e);
        return e;
    }
}
