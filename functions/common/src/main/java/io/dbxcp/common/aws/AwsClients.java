package io.dbxcp.common.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Builds AWS SDK v2 clients the one way this project does: the URL-connection HTTP client (no
 * Apache, no Netty: smaller artifacts and faster cold starts), an explicit region and credentials
 * provider, and the endpoint override when one is configured. Building a client makes no network call.
 */
public final class AwsClients {
    private AwsClients() {}

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, AwsSettings settings) {
        builder.region(settings.region())
                .credentialsProvider(settings.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.httpTimeout())
                        .socketTimeout(settings.httpTimeout()));
        if (settings.endpoint() != null) builder.endpointOverride(settings.endpoint());
        return builder.build();
    }
}
