package io.dbxcp.common.errors;

/**
 * A failure that passes with time: throttling (429), 5xx, timeouts, connection failures. State
 * machines retry it with exponential backoff and jitter.
 */
public final class TransientException extends DbxcpException {
    public TransientException(String message) {
        super(message);
    }

    public TransientException(String message, Throwable cause) {
        super(message, cause);
    }
}
