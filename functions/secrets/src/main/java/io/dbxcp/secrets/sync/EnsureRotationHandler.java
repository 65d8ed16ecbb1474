package io.dbxcp.secrets.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.validation.Conversion;
import io.dbxcp.secrets.SecretsLogKeys;
import io.dbxcp.secrets.model.SecretIds;
import io.dbxcp.secrets.store.SecretStore;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Task "EnsureRotation" of sync-secret-scopes: a new secret of a dbxcp kind is put under rotation ({@link RotationSetup}). */
public final class EnsureRotationHandler extends JsonHandler<SyncRequest, RotationSetup.Result> {
    private final RotationSetup setup;

    public EnsureRotationHandler() {
        this(fromEnv());
    }

    EnsureRotationHandler(RotationSetup setup) {
        super(SyncRequest.class);
        this.setup = setup;
    }

    /** The first Task of its workflow (console executions skip the intake): the secret id must be a JSON string. */
    @Override
    protected SyncRequest read(JsonNode payload) {
        return Conversion.exactly(payload, SyncRequest.class, "");
    }

    @Override
    protected Map<String, String> keys(SyncRequest input) {
        Map<String, String> keys = new HashMap<>();
        keys.put(SecretsLogKeys.SECRET_ID, input.secretId());
        return keys;
    }

    @Override
    protected RotationSetup.Result handle(SyncRequest input) {
        return setup.ensure(SecretIds.require("secretId", input.secretId()));
    }

    private static RotationSetup fromEnv() {
        AwsSettings aws = AwsSettings.fromEnv();
        return RotationSetup.fromEnv(new SecretStore(AwsClients.build(SecretsManagerClient.builder(), aws)));
    }
}
