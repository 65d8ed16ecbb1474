package io.dbxcp.common.errors;

/** A name is taken by a different object than the one asked for; reusing it would be wrong. */
public final class ResourceConflictException extends DbxcpException {
    public ResourceConflictException(String message) {
        super(message);
    }
}
