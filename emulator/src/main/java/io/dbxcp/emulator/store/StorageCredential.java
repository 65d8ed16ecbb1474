package io.dbxcp.emulator.store;

/** A Unity Catalog storage credential (an IAM role UC assumes). */
public final class StorageCredential {
  /** {@code aws_iam_role}. */
  public record AwsIamRole(String roleArn, String externalId, String unityCatalogIamArn) {}

  public String id;
  public String name;
  public String fullName;
  public AwsIamRole awsIamRole;
  public String comment;
  public Boolean readOnly;
  public String owner;
  public String metastoreId;
  public String isolationMode = "ISOLATION_MODE_OPEN";
  public Boolean usedForManagedStorage = false;
  public long createdAt;
  public String createdBy;
  public long updatedAt;
  public String updatedBy;
}
