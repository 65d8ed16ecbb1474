package io.dbxcp.emulator.http;

import java.util.OptionalLong;

/**
 * A token bucket over real time: {@code rate} requests per second, bursts of up to {@code burst}.
 * When empty, the caller is told how many whole seconds to wait (the Retry-After value, at least 1).
 */
public final class RateLimiter {
  private double rate;
  private double burst;
  private double tokens;
  private long last = System.nanoTime();

  /** Sets the limit; a rate of 0 or less turns it off. */
  public synchronized void configure(double requestsPerSecond, double burstSize) {
    this.rate = requestsPerSecond;
    this.burst = Math.max(1, burstSize > 0 ? burstSize : requestsPerSecond);
    this.tokens = this.burst;
    this.last = System.nanoTime();
  }

  public synchronized double rate() {
    return rate;
  }

  public synchronized double burst() {
    return burst;
  }

  /** Takes a token; empty when allowed, else the seconds to wait before retrying. */
  public synchronized OptionalLong acquire() {
    if (rate <= 0) {
      return OptionalLong.empty();
    }
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return OptionalLong.empty();
    }
    long wait = (long) Math.ceil((1 - tokens) / rate);
    return OptionalLong.of(Math.max(1, wait));
  }
}
