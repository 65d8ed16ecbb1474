package io.dbxcp.emulator.store;

/** A credential configuration: the cross-account IAM role Databricks assumes. */
public final class Credential {
  /** {@code aws_credentials}. */
  public record AwsCredentials(StsRole stsRole) {}

  /** {@code sts_role}: the role and the external id its trust policy must require. */
  public record StsRole(String roleArn, String externalId) {}

  public String credentialsId;
  public String credentialsName;
  public AwsCredentials awsCredentials;
  public String accountId;
  public long creationTime;
}
