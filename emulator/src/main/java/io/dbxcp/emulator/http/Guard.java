package io.dbxcp.emulator.http;

/** Authenticates and authorises a call for a route's {@link Access}; throws {@link ApiException}. */
@FunctionalInterface
public interface Guard {
  void check(Call call, Access access);
}
