package io.dbxcp.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator's clock: a base clock (the system's, unless one is given) plus an offset that tests
 * move forward with {@link #advance(Duration)}. Every life cycle (workspace provisioning, cluster
 * start, job runs, token and secret expiry, IAM propagation) is computed from it when read, so a
 * test can skip minutes instantly while a demo runs in real time.
 */
public final class EmulatorClock extends Clock {
  private final Clock base;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  public EmulatorClock() {
    this(Clock.systemUTC());
  }

  public EmulatorClock(Clock base) {
    this.base = base;
  }

  /** Moves the emulator's time forward (or back, with a negative duration). */
  public void advance(Duration by) {
    offset.updateAndGet(o -> o.plus(by));
  }

  public Duration offset() {
    return offset.get();
  }

  public void resetOffset() {
    offset.set(Duration.ZERO);
  }

  @Override
  public Instant instant() {
    return base.instant().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
