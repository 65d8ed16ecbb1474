package io.dbxcp.common.errors;

/**
 * Something another system has made is not visible yet: an IAM role that Databricks' credential
 * validation does not see ("Failed credentials validation checks"), a new account's role that
 * cannot be assumed yet, a workspace URL that does not resolve. Retried for minutes, not seconds.
 */
public final class NotYetConsistentException extends DbxcpException {
    public NotYetConsistentException(String message) {
        super(message);
    }

    public NotYetConsistentException(String message, Throwable cause) {
        super(message, cause);
    }
}
