package io.dbxcp.common.errors;

/**
 * Root of the small, named set of errors that state machines match on. Lambda reports a Java
 * exception to Step Functions by its fully qualified class name, so these class names are part of
 * the contract with statemachines/*.asl.json: renaming one is a breaking change, and
 * {@code StateMachineErrorNamesTest} fails when an ErrorEquals names a class that does not exist.
 */
public abstract class DbxcpException extends RuntimeException {
    protected DbxcpException(String message) {
        super(message);
    }

    protected DbxcpException(String message, Throwable cause) {
        super(message, cause);
    }
}
