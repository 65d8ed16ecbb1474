package io.dbxcp.secrets.databricks;

import com.databricks.sdk.core.DatabricksError;

/** What a Databricks failure means for an idempotent step. */
public final class Failures {
    private Failures() {}

    /** The object is not there (404, RESOURCE_DOES_NOT_EXIST). */
    public static boolean isNotFound(Throwable e) {
        DatabricksError d = databricks(e);
        return d != null && (d.getStatusCode() == 404 || "RESOURCE_DOES_NOT_EXIST".equals(d.getErrorCode()));
    }

    /** The object already exists (409, RESOURCE_ALREADY_EXISTS). */
    public static boolean isConflict(Throwable e) {
        DatabricksError d = databricks(e);
        return d != null && (d.getStatusCode() == 409 || "RESOURCE_ALREADY_EXISTS".equals(d.getErrorCode())
                || "ALREADY_EXISTS".equals(d.getErrorCode()));
    }

    private static DatabricksError databricks(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof DatabricksError d) return d;
        }
        return null;
    }
}
