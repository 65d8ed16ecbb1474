package io.dbxcp.secrets;

/** Domain keys this module adds to its structured log lines (through the MDC). Never a value. */
public final class SecretsLogKeys {
    public static final String SECRET_ID = "secret_id";
    public static final String ROTATION_STEP = "rotation_step";
    public static final String VERSION_ID = "version_id";

    private SecretsLogKeys() {}
}
