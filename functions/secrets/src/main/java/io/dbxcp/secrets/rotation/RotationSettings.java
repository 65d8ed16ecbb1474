package io.dbxcp.secrets.rotation;

import io.dbxcp.common.config.Env;
import java.time.Duration;

/**
 * How long the credentials a rotation makes live: {@code OBO_TOKEN_LIFETIME_DAYS} (default 90) and
 * {@code SP_SECRET_LIFETIME_DAYS} (default 180; Databricks caps OAuth secrets at 730 days). Choose a
 * rotation interval well below them: after a rotation the previous credential still has to live
 * until the next one.
 */
public record RotationSettings(Duration oboTokenLifetime, Duration spSecretLifetime) {

    public static RotationSettings fromEnv() {
        Env.Reader env = Env.reader();
        int obo = env.integer("OBO_TOKEN_LIFETIME_DAYS", 90, 1, 730);
        int sp = env.integer("SP_SECRET_LIFETIME_DAYS", 180, 1, 730);
        env.check();
        return new RotationSettings(Duration.ofDays(obo), Duration.ofDays(sp));
    }
}
