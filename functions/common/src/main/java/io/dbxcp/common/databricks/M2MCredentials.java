package io.dbxcp.common.databricks;

import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.oauth.AuthParameterPosition;
import com.databricks.sdk.core.oauth.CachedTokenSource;
import com.databricks.sdk.core.oauth.ClientCredentials;
import com.databricks.sdk.core.oauth.OAuthHeaderFactory;
import com.databricks.sdk.core.oauth.TokenSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth machine-to-machine for the account admin, with the token endpoints Databricks documents instead of the
 * SDK's discovery: the account's {@code {account host}/oidc/accounts/{account id}/v1/token}, a workspace's
 * {@code {workspace host}/oidc/v1/token}. The SDK's own provider fetches the OIDC discovery document for every
 * client it builds, one GET each; this one knows the endpoint, and keeps one token per endpoint for every client
 * of the function instance (the account client, and workspace clients that share the account's host).
 * One instance belongs to one set of clients: a SnapStart restore builds new clients with a new instance, so no
 * token outlives a snapshot.
 */
final class M2MCredentials implements CredentialsProvider {
    private final String accountHost;
    private final String accountId;
    private final Map<String, TokenSource> tokens = new ConcurrentHashMap<>();

    M2MCredentials(String accountHost, String accountId) {
        this.accountHost = trim(accountHost);
        this.accountId = accountId;
    }

    @Override
    public String authType() {
        return "oauth-m2m";
    }

    @Override
    public OAuthHeaderFactory configure(DatabricksConfig config) {
        if (config.getClientId() == null || config.getClientSecret() == null || config.getHost() == null) {
            return null;
        }
        TokenSource source = tokens.computeIfAbsent(tokenEndpoint(config.getHost()), url -> new CachedTokenSource.Builder(
                new ClientCredentials.Builder()
                        .withHttpClient(config.getHttpClient())
                        .withClientId(config.getClientId())
                        .withClientSecret(config.getClientSecret())
                        .withTokenUrl(url)
                        .withScopes(config.getScopes())
                        .withAuthParameterPosition(AuthParameterPosition.HEADER)
                        .build())
                .setAsyncDisabled(config.getDisableAsyncTokenRefresh())
                .build());
        return OAuthHeaderFactory.fromTokenSource(source);
    }

    /** The token endpoint for a client of {@code host}: the account's on the account host, else the workspace's. */
    String tokenEndpoint(String host) {
        String h = trim(host);
        return h.equalsIgnoreCase(accountHost)
                ? accountHost + "/oidc/accounts/" + accountId + "/v1/token"
                : h + "/oidc/v1/token";
    }

    private static String trim(String host) {
        return host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
    }
}
