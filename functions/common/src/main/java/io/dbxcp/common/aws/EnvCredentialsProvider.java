package io.dbxcp.common.aws;

import io.dbxcp.common.config.Env;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Reads the credentials Lambda puts in the environment at every call, never once: under SnapStart
 * the values at snapshot time are not the ones after restore. Outside Lambda (a laptop pointed at a
 * real account) with no credentials in the environment, falls back to the SDK's default chain,
 * built on first use.
 */
final class EnvCredentialsProvider implements AwsCredentialsProvider {
    private volatile AwsCredentialsProvider fallback;

    @Override
    public AwsCredentials resolveCredentials() {
        var key = Env.get("AWS_ACCESS_KEY_ID");
        var secret = Env.get("AWS_SECRET_ACCESS_KEY");
        if (key.isPresent() && secret.isPresent()) {
            var token = Env.get("AWS_SESSION_TOKEN");
            return token.<AwsCredentials>map(t -> AwsSessionCredentials.create(key.get(), secret.get(), t))
                    .orElseGet(() -> AwsBasicCredentials.create(key.get(), secret.get()));
        }
        if (fallback == null) {
            synchronized (this) {
                if (fallback == null) fallback = DefaultCredentialsProvider.builder().build();
            }
        }
        try {
            return fallback.resolveCredentials();
        } catch (SdkClientException e) {
            throw SdkClientException.create("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile", e);
        }
    }
}
