package io.dbxcp.emulator.store;

/** A registered AWS VPC endpoint (PrivateLink). */
public final class VpcEndpoint {
  public String vpcEndpointId;
  public String vpcEndpointName;
  public String awsVpcEndpointId;
  public String awsEndpointServiceId;
  public String awsAccountId;
  public String region;
  public String state = "available";
  /** WORKSPACE_ACCESS (REST API / front end) or DATAPLANE_RELAY_ACCESS (secure cluster connectivity). */
  public String useCase;
  public String accountId;
}
