package io.dbxcp.emulator.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.UUID;

/** Identifiers shaped like Databricks' own; reproducible when the emulator is given a seed. */
public final class Ids {
  private static final DateTimeFormatter CLUSTER_PREFIX = DateTimeFormatter.ofPattern("MMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
  private final Random random;
  private long sequence = 1000;

  public Ids(long seed) {
    this.random = new Random(seed);
  }

  public synchronized String uuid() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return UUID.nameUUIDFromBytes(bytes).toString();
  }

  /**
   * A 16-digit workspace id below 2^53, as Databricks' are: JSON numbers past 2^53 lose digits in
   * JavaScript and in any engine that reads numbers as doubles (the local ASL engine does).
   */
  public synchronized long workspaceId() {
    return 1_000_000_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % (9_007_199_254_740_991L - 1_000_000_000_000_000L);
  }

  /** A numeric SCIM id. */
  public synchronized String scimId() {
    return String.valueOf(1_000_000_000_000_000L + (random.nextLong() & Long.MAX_VALUE) % 8_999_999_999_999_999L);
  }

  public synchronized long nextLong() {
    return ++sequence * 1000 + random.nextInt(1000);
  }

  public synchronized String hex(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(Character.forDigit(random.nextInt(16), 16));
    }
    return b.toString();
  }

  public synchronized String alnum(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    return b.toString();
  }

  /** A cluster id: {@code MMdd-HHmmss-xxxxxxxx}. */
  public String clusterId(Instant now) {
    return CLUSTER_PREFIX.format(now) + "-" + alnum(8);
  }

  /** A secret value of a kind: {@code dapi...} for PATs, {@code dose...} for OAuth secrets. */
  public String secretValue(String prefix) {
    return prefix + hex(32);
  }
}
