package io.dbxcp.workspace.configure;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.DeadlineExceeded;
import com.databricks.sdk.core.error.platform.InternalError;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import com.databricks.sdk.core.error.platform.TemporarilyUnavailable;
import com.databricks.sdk.core.error.platform.TooManyRequests;
import io.dbxcp.common.errors.NotYetConsistentException;
import io.dbxcp.common.errors.TransientException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every Databricks SDK call of the configure steps goes through {@link #call}: a failure that passes
 * with time becomes {@link TransientException}, which the state machine retries with backoff; any
 * other failure is thrown as the SDK's own typed error (not retried).
 *
 * <p>Transient: throttling ({@link TooManyRequests}, which covers REQUEST_LIMIT_EXCEEDED and
 * RESOURCE_EXHAUSTED), {@link TemporarilyUnavailable} (503), {@link InternalError} (500, which the
 * SDK does not retry), {@link DeadlineExceeded}, any other 502/503/504, and timeouts or refused
 * connections. The SDK itself retries 429 and 503 up to four attempts; when they are used up it
 * throws a plain {@code DatabricksException} whose cause is the last error, so the whole cause chain
 * is examined. Lazy SDK lists page while they are iterated: materialise them inside the call.
 *
 * <p>A credentials configuration refused with "Failed credentials validation checks" (IAM has not
 * propagated a new role yet) becomes {@link NotYetConsistentException}, retried for minutes.
 */
final class DatabricksErrors {
    private static final Set<Integer> TRANSIENT_STATUS = Set.of(429, 500, 502, 503, 504);
    static final String CREDENTIALS_VALIDATION = "Failed credentials validation checks";

    private DatabricksErrors() {}

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (e instanceof DatabricksError && e.getMessage() != null && e.getMessage().contains(CREDENTIALS_VALIDATION)) {
                throw new NotYetConsistentException(what + ": " + e.getMessage(), e);
            }
            if (isTransient(e)) {
                throw new TransientException(what + " failed and may pass on retry: " + describe(e), e);
            }
            throw e;
        }
    }

    static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    static boolean isTransient(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TooManyRequests || c instanceof TemporarilyUnavailable || c instanceof InternalError
                    || c instanceof DeadlineExceeded) {
                return true;
            }
            if (c instanceof DatabricksError d && TRANSIENT_STATUS.contains(d.getStatusCode())) return true;
            if (c instanceof SocketTimeoutException || c instanceof HttpTimeoutException || c instanceof ConnectException
                    || c.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
            if (c.getCause() == c) break;
        }
        return false;
    }

    /** The object asked for does not exist (404, RESOURCE_DOES_NOT_EXIST). */
    static boolean isNotFound(Throwable e) {
        return e instanceof NotFound;
    }

    /** The name is taken (409, RESOURCE_ALREADY_EXISTS or ALREADY_EXISTS). */
    static boolean isConflict(Throwable e) {
        return e instanceof ResourceConflict;
    }

    /** Status, error code and message of the deepest Databricks error, else the class and message. */
    private static String describe(Throwable e) {
        DatabricksError last = null;
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof DatabricksError d) last = d;
        }
        if (last != null) return last.getStatusCode() + " " + last.getErrorCode() + ": " + last.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
