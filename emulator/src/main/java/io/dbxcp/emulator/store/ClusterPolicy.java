package io.dbxcp.emulator.store;

/** A cluster policy; {@code definition} is a JSON document held as a string, as the API has it. */
public final class ClusterPolicy {
  public String policyId;
  public String name;
  public String definition;
  public String description;
  public Long maxClustersPerUser;
  public String policyFamilyId;
  public String policyFamilyDefinitionOverrides;
  public Boolean isDefault = false;
  public long createdAtTimestamp;
  public String creatorUserName;
}
