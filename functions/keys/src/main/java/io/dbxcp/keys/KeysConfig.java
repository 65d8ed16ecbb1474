package io.dbxcp.keys;

import io.dbxcp.common.config.Env;
import io.dbxcp.common.kms.KeyCheck;
import java.time.Duration;

/**
 * What the key steps check against and how long they wait.
 *
 * @param databricksAwsAccountId {@code DATABRICKS_AWS_ACCOUNT_ID}, default 414351767826: the principal key policies must grant
 * @param storageKeySettle       how long after a storage key PATCH clusters should not start ({@code STORAGE_KEY_SETTLE_MINUTES}, default 20)
 */
public record KeysConfig(String databricksAwsAccountId, Duration storageKeySettle) {
    /**
     * Seconds between two looks at a workspace's compute: the {@code Seconds} of the state
     * {@code WaitForIdleCompute} in statemachines/rotate-key.asl.json (a test keeps them equal).
     */
    public static final int IDLE_COMPUTE_POLL_SECONDS = 30;

    public static KeysConfig fromEnv() {
        Env.Reader env = Env.reader();
        String aws = env.optional("DATABRICKS_AWS_ACCOUNT_ID", KeyCheck.DATABRICKS_AWS_ACCOUNT_ID);
        if (!aws.matches("\\d{12}")) env.problem("DATABRICKS_AWS_ACCOUNT_ID is not a 12-digit AWS account id");
        int settle = env.integer("STORAGE_KEY_SETTLE_MINUTES", 20, 0, 240);
        env.check();
        return new KeysConfig(aws, Duration.ofMinutes(settle));
    }

    public static KeysConfig defaults() {
        return new KeysConfig(KeyCheck.DATABRICKS_AWS_ACCOUNT_ID, Duration.ofMinutes(20));
    }
}
