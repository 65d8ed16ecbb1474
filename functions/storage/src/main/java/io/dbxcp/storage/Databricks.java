package io.dbxcp.storage;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.ResourceConflict;
import io.dbxcp.common.databricks.DatabricksErrors;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Databricks calls of this module: through {@link DatabricksErrors#call} (throttling, 5xx and
 * broken connections become {@code TransientException}, which the state machine retries), with the
 * two answers the steps expect and handle themselves: "does not exist" and "already exists".
 */
public final class Databricks {
    private Databricks() {}

    public static <T> T call(String what, Supplier<T> call) {
        return DatabricksErrors.call(what, call);
    }

    public static void run(String what, Runnable call) {
        DatabricksErrors.run(what, call);
    }

    /** The object, or empty when Databricks answers 404 (RESOURCE_DOES_NOT_EXIST and friends). */
    public static <T> Optional<T> find(String what, Supplier<T> call) {
        try {
            return Optional.ofNullable(DatabricksErrors.call(what, call));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /** True when the error says the name is taken (409, RESOURCE_ALREADY_EXISTS or ALREADY_EXISTS). */
    public static boolean isConflict(RuntimeException e) {
        return e instanceof ResourceConflict;
    }

    /** Databricks' own message of an error, without the SDK's decoration. */
    public static String message(RuntimeException e) {
        if (e instanceof DatabricksError d && d.getMessage() != null) return d.getMessage();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
