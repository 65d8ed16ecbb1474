package io.dbxcp.emulator.http;

/**
 * A route's handler. It returns the response object (serialised as JSON with status 200), a
 * {@link Reply} for any other status or body, or null for an empty object {@code {}}.
 */
@FunctionalInterface
public interface Handler {
  Object handle(Call call);
}
