package io.dbxcp.common.databricks;

import io.dbxcp.common.config.Env;
import java.util.Optional;

/**
 * How functions reach the Databricks Account API. The OAuth client id and secret of an account
 * admin service principal come from a Secrets Manager secret ({@code DATABRICKS_CREDENTIALS_SECRET},
 * a JSON object {@code {"client_id": ..., "client_secret": ...}}, as the template deploys it) or,
 * for local runs, from {@code DATABRICKS_CLIENT_ID}/{@code DATABRICKS_CLIENT_SECRET}.
 *
 * @param httpTimeoutSeconds below the function's timeout (the SDK's default is 300 s)
 */
public record DatabricksSettings(
        String host,
        String accountId,
        Optional<String> credentialsSecret,
        Optional<String> clientId,
        Optional<String> clientSecret,
        int httpTimeoutSeconds) {

    public static final String DEFAULT_HOST = "https://accounts.cloud.databricks.com";

    public static DatabricksSettings fromEnv() {
        Env.Reader env = Env.reader();
        String host = env.optional("DATABRICKS_HOST", DEFAULT_HOST);
        String accountId = env.required("DATABRICKS_ACCOUNT_ID");
        Optional<String> secret = env.optional("DATABRICKS_CREDENTIALS_SECRET");
        Optional<String> clientId = env.optional("DATABRICKS_CLIENT_ID");
        Optional<String> clientSecret = env.optional("DATABRICKS_CLIENT_SECRET");
        int timeout = env.integer("DATABRICKS_HTTP_TIMEOUT_SECONDS", 30, 1, 840);
        if (accountId != null && !accountId.matches("[0-9a-fA-F-]{8,64}")) {
            env.problem("DATABRICKS_ACCOUNT_ID is not a Databricks account id (a UUID)");
        }
        if (secret.isEmpty() && (clientId.isEmpty() || clientSecret.isEmpty())) {
            env.problem("set DATABRICKS_CREDENTIALS_SECRET (a Secrets Manager secret id), or both DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET");
        }
        env.check();
        return new DatabricksSettings(stripSlash(host), accountId, secret, clientId, clientSecret, timeout);
    }

    private static String stripSlash(String host) {
        return host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
    }

    @Override
    public String toString() { // never print the secret
        return "DatabricksSettings[host=" + host + ", accountId=" + accountId + ", credentialsSecret="
                + credentialsSecret.orElse("-") + ", clientId=" + clientId.orElse("-") + "]";
    }
}
