package io.dbxcp.emulator.store;

/** A DBFS mount recorded by a successful mount job run. */
public final class Mount {
  public String mountPoint;
  public String source;
  public long runId;
  public long createdAt;
}
