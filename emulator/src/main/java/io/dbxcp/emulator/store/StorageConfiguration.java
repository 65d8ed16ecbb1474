package io.dbxcp.emulator.store;

/** A storage configuration: the workspace root bucket. */
public final class StorageConfiguration {
  /** {@code root_bucket_info}. */
  public record RootBucketInfo(String bucketName) {}

  public String storageConfigurationId;
  public String storageConfigurationName;
  public RootBucketInfo rootBucketInfo;
  public String roleArn;
  public String accountId;
  public long creationTime;
}
