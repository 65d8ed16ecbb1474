package io.dbxcp.emulator.store;

/** A Databricks account: the scope of every Account API object. */
public final class Account {
  public String accountId;
  public String name;
  public long creationTime;
}
