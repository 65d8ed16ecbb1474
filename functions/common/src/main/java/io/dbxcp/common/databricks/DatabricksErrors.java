package io.dbxcp.common.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.DeadlineExceeded;
import com.databricks.sdk.core.error.platform.InternalError;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.core.error.platform.TemporarilyUnavailable;
import com.databricks.sdk.core.error.platform.TooManyRequests;
import io.dbxcp.common.errors.NotYetConsistentException;
import io.dbxcp.common.errors.TransientException;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every Databricks SDK call goes through {@link #call}: a failure that passes with time becomes a
 * named error the state machines retry, and anything else is thrown as the SDK's own typed error
 * (its class name is the Step Functions error name; not retried).
 *
 * <ul>
 *   <li>{@link TransientException}: throttling ({@link TooManyRequests}, which covers
 *       REQUEST_LIMIT_EXCEEDED and RESOURCE_EXHAUSTED), {@link TemporarilyUnavailable} (503),
 *       {@link InternalError} (500, which the SDK does not retry), {@link DeadlineExceeded}, any
 *       other 429 or 5xx, and timeouts, refused or broken connections.</li>
 *   <li>{@link NotYetConsistentException}: "Failed credentials validation checks", Databricks'
 *       answer while IAM has not propagated a new role.</li>
 * </ul>
 * The SDK itself retries 429 and 503 up to four attempts; when they are used up it throws a plain
 * {@code DatabricksException} whose cause is the last error, so the whole cause chain decides. Lazy
 * SDK lists page while they are iterated: materialise them inside the call.
 */
public final class DatabricksErrors {
    /** Databricks' message when it cannot assume a role it was just given. */
    public static final String CREDENTIALS_VALIDATION = "Failed credentials validation checks";
    private static final Set<Integer> TRANSIENT_STATUS = Set.of(429, 500, 502, 503, 504);

    private DatabricksErrors() {}

    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            String detail = describe(e);
            if (detail.contains(CREDENTIALS_VALIDATION)) throw new NotYetConsistentException(what + ": " + detail, e);
            if (isTransient(e)) throw new TransientException(what + " failed and may pass on retry: " + detail, e);
            throw e;
        }
    }

    public static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    public static boolean isTransient(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TooManyRequests || c instanceof TemporarilyUnavailable || c instanceof InternalError
                    || c instanceof DeadlineExceeded || c instanceof IOException) {
                return true;
            }
            if (c instanceof DatabricksError d && TRANSIENT_STATUS.contains(d.getStatusCode())) return true;
        }
        return false;
    }

    /** The object asked for does not exist (404, RESOURCE_DOES_NOT_EXIST). */
    public static boolean isNotFound(Throwable e) {
        return e instanceof NotFound;
    }

    /** The name is taken (409, RESOURCE_ALREADY_EXISTS or ALREADY_EXISTS). */
    public static boolean isConflict(Throwable e) {
        return e instanceof ResourceConflict;
    }

    /** Status, error code and message of the deepest Databricks error, else the root cause's class and message. */
    static String describe(Throwable e) {
        DatabricksError last = null;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof DatabricksError d) last = d;
        }
        if (last != null) return last.getStatusCode() + " " + last.getErrorCode() + ": " + last.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
