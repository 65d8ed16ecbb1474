package io.dbxcp.local;

/** The runner could not start or finish an execution (bad template, missing tool, invalid definition). */
public class LocalRunnerException extends RuntimeException {
    public LocalRunnerException(String message) {
        super(message);
    }

    public LocalRunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
