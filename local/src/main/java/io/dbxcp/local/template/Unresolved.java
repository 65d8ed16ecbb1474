package io.dbxcp.local.template;

/** A template value the runner cannot resolve locally; the message says which reference and why. */
public final class Unresolved extends Exception {
    public Unresolved(String message) {
        super(message);
    }
}
