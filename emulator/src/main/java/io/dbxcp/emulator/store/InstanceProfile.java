package io.dbxcp.emulator.store;

/** An instance profile registered in a workspace. */
public final class InstanceProfile {
  public String instanceProfileArn;
  public String iamRoleArn;
  public Boolean isMetaInstanceProfile;
}
