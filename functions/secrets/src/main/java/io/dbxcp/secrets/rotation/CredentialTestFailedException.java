package io.dbxcp.secrets.rotation;

/**
 * testSecret found that the new credential does not work. Secrets Manager then retries the step and
 * ends the rotation as failed: AWSCURRENT stays where it was and the pending version is never used.
 * The message names the credential by id, never by value.
 */
public final class CredentialTestFailedException extends RuntimeException {
    public CredentialTestFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    public CredentialTestFailedException(String message) {
        super(message);
    }
}
