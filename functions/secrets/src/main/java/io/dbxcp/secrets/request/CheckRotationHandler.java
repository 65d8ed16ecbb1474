package io.dbxcp.secrets.request;

import io.dbxcp.common.logging.JsonHandler;
import java.util.Map;

/** Task "CheckRotation" of rotate-secrets: has the rotation this request started ended? See {@link RotationRequestService#check}. */
public final class CheckRotationHandler extends JsonHandler<SecretRotation, SecretRotation> {
    private final RotationRequestService service;

    public CheckRotationHandler() {
        this(new RotationRequestService(StartRotationHandler.storeFromEnv()));
    }

    CheckRotationHandler(RotationRequestService service) {
        super(SecretRotation.class);
        this.service = service;
    }

    @Override
    protected Map<String, String> keys(SecretRotation input) {
        return StartRotationHandler.keysOf(input);
    }

    @Override
    protected SecretRotation handle(SecretRotation input) {
        return service.check(input);
    }
}
