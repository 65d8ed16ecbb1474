package io.dbxcp.common.databricks;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.function.Function;
import org.crac.Core;
import org.crac.Resource;

/**
 * The Databricks SDK clients of a function, built on first use and never at construction: building
 * a {@link DatabricksConfig} calls the host ({@code /.well-known/databricks-config}, then a token),
 * which under SnapStart would run at snapshot time and freeze a token. After a restore the clients
 * are dropped and built again with fresh credentials. Tokens come from {@link M2MCredentials}: no
 * OIDC discovery, one token per endpoint for all the clients of an instance.
 */
public final class DatabricksClients implements Resource {
    private final DatabricksSettings settings;
    private final Function<String, Credentials> secretReader;
    private volatile AccountClient account;
    private final java.util.Map<Long, WorkspaceClient> workspaces = new java.util.concurrent.ConcurrentHashMap<>();

    /** The account admin's OAuth client credentials as kept in Secrets Manager. */
    public record Credentials(@JsonProperty("client_id") String clientId, @JsonProperty("client_secret") String clientSecret) {
        @Override
        public String toString() {
            return "Credentials[clientId=" + clientId + "]";
        }
    }

    /**
     * @param secretReader reads the credentials secret by id (Powertools parameters, cached); only
     *     called when {@link DatabricksSettings#credentialsSecret()} is set
     */
    public DatabricksClients(DatabricksSettings settings, Function<String, Credentials> secretReader) {
        this.settings = settings;
        this.secretReader = secretReader;
        Core.getGlobalContext().register(this);
    }

    public DatabricksSettings settings() {
        return settings;
    }

    public AccountClient account() {
        AccountClient a = account;
        if (a == null) {
            synchronized (this) {
                if (account == null) account = new AccountClient(config());
                a = account;
            }
        }
        return a;
    }

    /**
     * A client for a workspace's own APIs, authenticated as the account admin, built from the id and
     * deployment name the workflow already holds (no call to read the workspace first) and kept per
     * workspace: building one resolves its configuration against the host.
     */
    public WorkspaceClient workspace(long workspaceId, String deploymentName) {
        return workspaces.computeIfAbsent(workspaceId, id -> account().getWorkspaceClient(
                new Workspace().setWorkspaceId(id).setDeploymentName(deploymentName)));
    }

    /** The configuration the account client is built from; resolves credentials now. */
    public DatabricksConfig config() {
        Credentials c = settings.credentialsSecret()
                .map(secretReader)
                .orElseGet(() -> new Credentials(settings.clientId().orElseThrow(), settings.clientSecret().orElseThrow()));
        return new DatabricksConfig()
                .setHost(settings.host())
                .setAccountId(settings.accountId())
                .setClientId(c.clientId())
                .setClientSecret(c.clientSecret())
                .setAuthType("oauth-m2m")
                .setCredentialsProvider(new M2MCredentials(settings.host(), settings.accountId()))
                .setHttpTimeoutSeconds(settings.httpTimeoutSeconds());
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        account = null;
        workspaces.clear();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        account = null;
        workspaces.clear();
    }
}
