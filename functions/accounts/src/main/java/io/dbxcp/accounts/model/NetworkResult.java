package io.dbxcp.accounts.model;

import java.util.List;

/**
 * What EnsureNetwork made or found: the VPC, a private subnet in each of three AZs, the security
 * group of the cluster nodes and the one of the interface endpoints, the private route table, and
 * the endpoints (S3 gateway; STS, Kinesis and, with PrivateLink, the Databricks workspace and relay
 * interface endpoints).
 */
public record NetworkResult(String vpcId, List<String> subnetIds, List<String> availabilityZones, String securityGroupId,
                            String endpointSecurityGroupId, String routeTableId, Endpoints endpoints, List<Change> changes) {

    /** AWS VPC endpoint ids; {@code workspace} and {@code relay} are null without PrivateLink. */
    public record Endpoints(String s3, String sts, String kinesis, String workspace, String relay) {}
}
