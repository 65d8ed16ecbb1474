package io.dbxcp.keys.usage;

import io.dbxcp.keys.ExecutionStepHandler;
import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.model.KeyExecution;
import io.dbxcp.keys.model.KeyUsage;

/**
 * State FindKeyUsers: the workspaces that use the key of a rotation, a CloudTrail change or an
 * on-demand check, found in Databricks ({@link KeyDirectory#usage}). Environment:
 * {@code DATABRICKS_HOST}, {@code DATABRICKS_ACCOUNT_ID}, {@code DATABRICKS_CREDENTIALS_SECRET}.
 */
public final class FindKeyUsersHandler extends ExecutionStepHandler<KeyUsage> {
    private final KeyDirectory directory;

    public FindKeyUsersHandler() {
        this(KeysClients.fromEnv());
    }

    FindKeyUsersHandler(KeysClients clients) {
        this.directory = new KeyDirectory(clients.databricks()::account);
    }

    @Override
    protected KeyUsage handle(KeyExecution state) {
        return directory.usage(state.request().keyArn());
    }
}
