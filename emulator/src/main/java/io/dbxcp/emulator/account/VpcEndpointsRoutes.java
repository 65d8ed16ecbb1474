package io.dbxcp.emulator.account;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;

/** VPC endpoint registrations: {@code A/vpc-endpoints}. */
public final class VpcEndpointsRoutes implements Router.Routes {
  private static final String BASE = "/api/2.0/accounts/{account_id}/vpc-endpoints";
  private final ProvisioningService service;

  public VpcEndpointsRoutes(ProvisioningService service) {
    this.service = service;
  }

  @Override
  public void register(Router r) {
    r.add("POST", BASE, "account.vpc-endpoints", Access.ACCOUNT, c -> service.createVpcEndpoint(c.param("account_id"), c.body()));
    r.add("GET", BASE, "account.vpc-endpoints", Access.ACCOUNT, c -> service.vpcEndpoints(c.param("account_id")));
    r.add("GET", BASE + "/{vpc_endpoint_id}", "account.vpc-endpoints", Access.ACCOUNT, c -> service.vpcEndpoint(c.param("account_id"), c.param("vpc_endpoint_id")));
    r.add("DELETE", BASE + "/{vpc_endpoint_id}", "account.vpc-endpoints", Access.ACCOUNT, c -> service.deleteVpcEndpoint(c.param("account_id"), c.param("vpc_endpoint_id")));
  }
}
