package io.dbxcp.common.errors;

/**
 * The request is well formed but the world is not ready for it and will not become ready by
 * waiting: a role without the external id, a key policy without Databricks, subnets in one AZ, a
 * storage key that is already set. The message names the resource and what to fix. Never retried.
 */
public final class PreconditionFailedException extends DbxcpException {
    public PreconditionFailedException(String message) {
        super(message);
    }

    public PreconditionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
