package io.dbxcp.local.tasks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.local.Json;
import java.lang.reflect.InvocationTargetException;

/**
 * A function error as the Lambda Java runtime reports it and Step Functions sees it: the error name is the
 * exception's fully qualified class name, the cause is the error payload as a JSON string,
 * {@code {"errorMessage": ..., "errorType": ..., "stackTrace": [...], "cause": {...}}}.
 */
public final class LambdaError extends Exception {

    private final String errorType;
    private final String payload;

    private LambdaError(String errorType, String errorMessage, String payload, Throwable cause) {
        super(errorType + ": " + errorMessage, cause);
        this.errorType = errorType;
        this.payload = payload;
    }

    /** The error of a handler that threw {@code thrown} (reflection wrappers removed). */
    public static LambdaError of(Throwable thrown) {
        Throwable t = unwrap(thrown);
        return new LambdaError(t.getClass().getName(), t.getMessage(), Json.write(payload(t, 0)), t);
    }

    /** An error the runtime itself raises (class not found, bad JSON...), with {@code type} as errorType. */
    public static LambdaError runtime(String type, String message, Throwable cause) {
        ObjectNode p = Json.object();
        p.put("errorMessage", message);
        p.put("errorType", type);
        if (cause != null) {
            p.set("cause", payload(unwrap(cause), 1));
        }
        return new LambdaError(type, message, Json.write(p), cause);
    }

    /** The Step Functions error name: the exception class name. */
    public String errorType() {
        return errorType;
    }

    /** The Step Functions cause: the error payload as JSON text. */
    public String payload() {
        return payload;
    }

    private static ObjectNode payload(Throwable t, int depth) {
        ObjectNode p = Json.object();
        p.put("errorMessage", t.getMessage());
        p.put("errorType", t.getClass().getName());
        ArrayNode trace = p.putArray("stackTrace");
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().startsWith("io.dbxcp.local.tasks.")
                    || e.getClassName().startsWith("jdk.internal.reflect.")
                    || e.getClassName().startsWith("java.lang.reflect.")) {
                break; // the runner's own frames are not the function's
            }
            trace.add(e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber()
                    + ")");
        }
        if (t.getCause() != null && t.getCause() != t && depth < 5) {
            p.set("cause", payload(t.getCause(), depth + 1));
        }
        return p;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof InvocationTargetException
                || current instanceof java.lang.reflect.UndeclaredThrowableException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
