package io.dbxcp.common.logging;

/** Domain keys added to every structured log line (through the MDC) besides Powertools' own. */
public final class LogKeys {
    public static final String WORKFLOW = "workflow";
    public static final String REQUEST_ID = "request_id";
    public static final String WORKSPACE_ID = "workspace_id";
    public static final String ACCOUNT_ID = "account_id";

    private LogKeys() {}
}
