package io.dbxcp.emulator.http;

import java.util.Map;

/** A response other than "200 with this object as JSON". */
public record Reply(int status, Object body, String contentType, Map<String, String> headers) {
  public static Reply json(int status, Object body) {
    return new Reply(status, body, "application/json", Map.of());
  }
}
