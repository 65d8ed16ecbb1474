package io.dbxcp.emulator.store;

import java.util.ArrayList;
import java.util.List;

/** A customer-managed key configuration: a KMS key and what Databricks may use it for. */
public final class CustomerManagedKey {
  public static final String MANAGED_SERVICES = "MANAGED_SERVICES";
  public static final String STORAGE = "STORAGE";

  /** {@code aws_key_info}. */
  public record AwsKeyInfo(String keyArn, String keyAlias, String keyRegion, Boolean reuseKeyForClusterVolumes) {}

  public String customerManagedKeyId;
  public AwsKeyInfo awsKeyInfo;
  public List<String> useCases = new ArrayList<>();
  public String accountId;
  public long creationTime;
}
