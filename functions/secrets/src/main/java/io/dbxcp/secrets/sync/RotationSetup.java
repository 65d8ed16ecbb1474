package io.dbxcp.secrets.sync;

import io.dbxcp.common.config.Env;
import io.dbxcp.secrets.model.SecretKind;
import io.dbxcp.secrets.store.ManagedSecret;
import io.dbxcp.secrets.store.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.model.RotationRulesType;

/**
 * Puts a secret of a dbxcp kind under rotation by this stack's rotation function when it is not yet:
 * {@code RotateSecret} with the function ({@code ROTATION_FUNCTION_ARN}), a schedule of {@code
 * ROTATION_DAYS} days (default 30) and {@code RotateImmediately=false}, so Secrets Manager only
 * checks the configuration (it calls testSecret) and the first rotation comes at the schedule. A
 * secret without a kind, or already under rotation (by any function), is left as it is.
 */
public final class RotationSetup {
    private static final Logger LOG = LoggerFactory.getLogger(RotationSetup.class);

    private final SecretStore store;
    private final String rotationFunctionArn;
    private final int rotationDays;

    public RotationSetup(SecretStore store, String rotationFunctionArn, int rotationDays) {
        this.store = store;
        this.rotationFunctionArn = rotationFunctionArn;
        this.rotationDays = rotationDays;
    }

    /** {@code ROTATION_FUNCTION_ARN} (required) and {@code ROTATION_DAYS} (1..1000, default 30). */
    public static RotationSetup fromEnv(SecretStore store) {
        Env.Reader env = Env.reader();
        String arn = env.required("ROTATION_FUNCTION_ARN");
        int days = env.integer("ROTATION_DAYS", 30, 1, 1000);
        env.check();
        return new RotationSetup(store, arn, days);
    }

    /**
     * @param status NOT_MANAGED (no dbxcp kind), ALREADY_ON, TURNED_ON
     */
    public record Result(String secretArn, String secretName, String kind, String status, String rotationFunctionArn, Integer rotationDays) {}

    public Result ensure(String secretId) {
        ManagedSecret s = store.describe(secretId);
        String kind = s.kind().map(SecretKind::tag).orElse(null);
        if (kind == null) {
            LOG.info("secret {} has no dbxcp kind: its rotation is not managed here", s.name());
            return new Result(s.arn(), s.name(), null, "NOT_MANAGED", s.rotationLambdaArn(), null);
        }
        if (s.rotationEnabled()) {
            LOG.info("secret {} is already under rotation by {}", s.name(), s.rotationLambdaArn());
            return new Result(s.arn(), s.name(), kind, "ALREADY_ON", s.rotationLambdaArn(), null);
        }
        store.enableRotation(s.arn(), rotationFunctionArn,
                RotationRulesType.builder().automaticallyAfterDays((long) rotationDays).build());
        LOG.info("secret {} put under rotation by {} every {} days", s.name(), rotationFunctionArn, rotationDays);
        return new Result(s.arn(), s.name(), kind, "TURNED_ON", rotationFunctionArn, rotationDays);
    }
}
