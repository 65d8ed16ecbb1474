package io.dbxcp.keys.replace;

import io.dbxcp.common.kms.KmsKeys;
import io.dbxcp.keys.ExecutionStepHandler;
import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.model.KeyExecution;
import io.dbxcp.keys.model.KeyPreflight;

/**
 * State PreflightNewKey: the new key is enabled, in each workspace's region, and its policy grants
 * Databricks what the use case needs ({@link ReplacementService#preflight}); calls KMS (DescribeKey,
 * GetKeyPolicy) and reads the account's key configurations.
 */
public final class PreflightNewKeyHandler extends ExecutionStepHandler<KeyPreflight> {
    private final ReplacementService service;

    public PreflightNewKeyHandler() {
        this(KeysClients.fromEnv(), KeysConfig.fromEnv());
    }

    PreflightNewKeyHandler(KeysClients clients, KeysConfig config) {
        this.service = new ReplacementService(clients.databricks()::account, config.databricksAwsAccountId(),
                (account, region) -> new KmsKeys(clients.kms(account, region), region));
    }

    @Override
    protected KeyPreflight handle(KeyExecution state) {
        return service.preflight(state.request(), state.targets());
    }
}
