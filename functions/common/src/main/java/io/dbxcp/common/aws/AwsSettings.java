package io.dbxcp.common.aws;

import io.dbxcp.common.config.Env;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where and as whom AWS clients talk: an explicit region, an optional endpoint (moto in tests and
 * local runs, through {@code AWS_ENDPOINT_URL}), an explicit credentials provider, and HTTP
 * timeouts below the function's own timeout.
 */
public record AwsSettings(Region region, URI endpoint, AwsCredentialsProvider credentials, Duration httpTimeout) {

    /** From the environment: {@code AWS_REGION} (set by Lambda), {@code AWS_ENDPOINT_URL}, {@code AWS_HTTP_TIMEOUT_SECONDS}. */
    public static AwsSettings fromEnv() {
        Env.Reader env = Env.reader();
        String region = env.required("AWS_REGION");
        URI endpoint = env.optionalUri("AWS_ENDPOINT_URL");
        Duration timeout = env.seconds("AWS_HTTP_TIMEOUT_SECONDS", Duration.ofSeconds(20), 1, 900);
        env.check();
        return new AwsSettings(Region.of(region), endpoint, new EnvCredentialsProvider(), timeout);
    }
}
