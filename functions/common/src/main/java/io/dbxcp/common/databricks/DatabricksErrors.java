package io.dbxcp.common.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import io.dbxcp.common.errors.NotYetConsistentException;
import io.dbxcp.common.errors.TransientException;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Calls the Databricks SDK and turns the failures that pass with time into the project's named
 * errors, so state machines retry them: throttling (429, REQUEST_LIMIT_EXCEEDED), unavailability and
 * server errors (5xx, which the SDK does not retry for 500/502/504), timeouts and broken connections
 * ({@link TransientException}); and credential validation that fails because IAM has not propagated
 * a new role yet ({@link NotYetConsistentException}). Anything else is thrown as the SDK's own typed
 * error (its class name is the Step Functions error name), and is not retried.
 */
public final class DatabricksErrors {
    /** Databricks' message when it cannot assume a role it was just given. */
    public static final String CREDENTIALS_VALIDATION = "Failed credentials validation checks";

    private DatabricksErrors() {}

    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (DatabricksError e) {
            int status = e.getStatusCode();
            String code = e.getErrorCode() == null ? "" : e.getErrorCode();
            String message = what + ": " + (e.getMessage() == null ? code : e.getMessage());
            if (e.getMessage() != null && e.getMessage().contains(CREDENTIALS_VALIDATION)) {
                throw new NotYetConsistentException(message, e);
            }
            if (status == 429 || status >= 500 || code.equals("REQUEST_LIMIT_EXCEEDED") || code.equals("TEMPORARILY_UNAVAILABLE")
                    || code.equals("DEADLINE_EXCEEDED") || code.equals("ABORTED")) {
                throw new TransientException(message, e);
            }
            throw e;
        } catch (DatabricksException e) {
            if (hasCause(e, IOException.class)) throw new TransientException(what + ": " + e.getMessage(), e);
            throw e;
        }
    }

    public static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }
}
