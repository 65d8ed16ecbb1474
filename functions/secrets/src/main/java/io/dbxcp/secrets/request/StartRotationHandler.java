package io.dbxcp.secrets.request;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.common.validation.Conversion;
import io.dbxcp.secrets.SecretsLogKeys;
import io.dbxcp.secrets.store.SecretStore;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Task "StartRotation" of rotate-secrets (one Map iteration): RotateSecret now. See {@link RotationRequestService}. */
public final class StartRotationHandler extends JsonHandler<SecretRotation, SecretRotation> {
    private final RotationRequestService service;

    public StartRotationHandler() {
        this(new RotationRequestService(storeFromEnv()));
    }

    StartRotationHandler(RotationRequestService service) {
        super(SecretRotation.class);
        this.service = service;
    }

    /** The first Task of its workflow (console executions skip the intake): the request and secret ids must be JSON strings. */
    @Override
    protected SecretRotation read(JsonNode payload) {
        return Conversion.exactly(payload, SecretRotation.class, "");
    }

    @Override
    protected Map<String, String> keys(SecretRotation input) {
        return keysOf(input);
    }

    @Override
    protected SecretRotation handle(SecretRotation input) {
        return service.start(input.requestId(), input.secretId());
    }

    static Map<String, String> keysOf(SecretRotation input) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, "rotate-secrets");
        keys.put(LogKeys.REQUEST_ID, input.requestId());
        keys.put(SecretsLogKeys.SECRET_ID, input.secretArn() != null ? input.secretArn() : input.secretId());
        return keys;
    }

    static SecretStore storeFromEnv() {
        return new SecretStore(AwsClients.build(SecretsManagerClient.builder(), AwsSettings.fromEnv()));
    }
}
