package io.dbxcp.emulator.store;

import java.util.ArrayList;
import java.util.List;

/** A network configuration: a customer-managed VPC, its subnets, security groups and endpoints. */
public final class Network {
  /** {@code vpc_endpoints}: ids of registered VPC endpoints, by use. */
  public record VpcEndpoints(List<String> restApi, List<String> dataplaneRelay) {}

  /** An entry of {@code error_messages}. */
  public record Health(String errorType, String errorMessage) {}

  /** An entry of {@code warning_messages}. */
  public record Warning(String warningType, String warningMessage) {}

  public String networkId;
  public String networkName;
  public String vpcId;
  public List<String> subnetIds = new ArrayList<>();
  public List<String> securityGroupIds = new ArrayList<>();
  public VpcEndpoints vpcEndpoints;
  /** VALID, BROKEN, UNATTACHED or WARNED. */
  public String vpcStatus = "UNATTACHED";
  public List<Health> errorMessages = new ArrayList<>();
  public List<Warning> warningMessages = new ArrayList<>();
  public Long workspaceId;
  public String accountId;
  public long creationTime;
}
