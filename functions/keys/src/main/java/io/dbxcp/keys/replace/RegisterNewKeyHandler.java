package io.dbxcp.keys.replace;

import io.dbxcp.common.kms.KmsKeys;
import io.dbxcp.keys.ExecutionStepHandler;
import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.model.KeyExecution;
import io.dbxcp.keys.model.NewKey;

/** State RegisterNewKey: the new key's configuration for the use case, looked up by ARN and use case before it is created. */
public final class RegisterNewKeyHandler extends ExecutionStepHandler<NewKey> {
    private final ReplacementService service;

    public RegisterNewKeyHandler() {
        this(KeysClients.fromEnv(), KeysConfig.fromEnv());
    }

    RegisterNewKeyHandler(KeysClients clients, KeysConfig config) {
        this.service = new ReplacementService(clients.databricks()::account, config.databricksAwsAccountId(),
                (account, region) -> new KmsKeys(clients.kms(account, region), region));
    }

    @Override
    protected NewKey handle(KeyExecution state) {
        return service.register(state.request());
    }
}
