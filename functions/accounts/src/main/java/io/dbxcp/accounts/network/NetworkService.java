package io.dbxcp.accounts.network;

import static io.dbxcp.accounts.access.AwsSteps.call;

import io.dbxcp.accounts.model.Change;
import io.dbxcp.accounts.model.NetworkResult;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.common.errors.PreconditionFailedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcEndpoint;
import software.amazon.awssdk.services.ec2.model.VpcEndpointType;

/**
 * Step EnsureNetwork (only when the configuration asks for it): the seed's VPC module at the minimum
 * Databricks requires for a customer-managed VPC, each piece found by its tag or name and made when
 * missing:
 * <ul>
 *   <li>a VPC (DNS support and hostnames on, for the interface endpoints' private DNS) with three
 *       private subnets, one in each of the region's first three availability zones;</li>
 *   <li>a private route table for them, and the S3 gateway endpoint on it;</li>
 *   <li>the security group of the cluster nodes, with the rules Databricks documents: all TCP and UDP
 *       between the nodes both ways; out to anywhere on TCP 443 (Databricks, AWS, libraries), 3306
 *       (the default Hive metastore), 6666 (secure cluster connectivity over PrivateLink), 2443 (FIPS
 *       endpoints) and 8443-8451 (the control plane's internal API, Unity Catalog lineage); AWS's default
 *       allow-all egress rule is taken away;</li>
 *   <li>the security group of the interface endpoints: TCP 443, 2443 and 6666 from the nodes;</li>
 *   <li>STS and Kinesis interface endpoints in the three subnets, and, for PrivateLink, the
 *       workspace (REST API) and relay interface endpoints to the configured Databricks endpoint
 *       services, all with private DNS.</li>
 * </ul>
 * Missing rules and attributes are put back on a rerun; rules someone else added are left alone. No
 * NAT or internet gateway is made: without back-end PrivateLink the nodes need a way out, which
 * belongs to the account's network design.
 */
public final class NetworkService {
    public static final String VPC = "ec2-vpc";
    public static final String SUBNET = "ec2-subnet";
    public static final String ROUTE_TABLE = "ec2-route-table";
    public static final String SECURITY_GROUP = "ec2-security-group";
    public static final String ENDPOINT = "ec2-vpc-endpoint";
    static final String TAG = "dbxcp:onboarding";
    private static final Logger LOG = LoggerFactory.getLogger(NetworkService.class);

    /** One security group rule; exactly one of {@code cidr} and {@code group} is set. */
    record Rule(boolean ingress, String protocol, int from, int to, String cidr, String group) {}

    public NetworkResult ensure(Plan p, Ec2Client ec2) {
        List<Change> changes = new ArrayList<>();
        Plan.Names n = p.names();
        Vpc vpc = vpc(ec2, p, changes);
        String vpcId = vpc.vpcId();
        List<String> zones = zones(ec2, p);
        List<String> subnets = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) subnets.add(subnet(ec2, p, vpcId, zones.get(i), i, changes));
        String routeTable = routeTable(ec2, p, vpcId, subnets, changes);
        String nodes = securityGroup(ec2, p, vpcId, n.nodesSecurityGroup(), "Databricks cluster nodes", changes);
        String endpointsGroup = securityGroup(ec2, p, vpcId, n.endpointsSecurityGroup(), "Databricks VPC interface endpoints", changes);
        rules(ec2, nodes, nodeRules(nodes), changes);
        rules(ec2, endpointsGroup, endpointRules(nodes), changes);
        String region = p.region();
        String s3 = endpoint(ec2, p, vpcId, "com.amazonaws." + region + ".s3", VpcEndpointType.GATEWAY, n.vpc() + "-s3", List.of(routeTable), null, null, changes);
        String sts = endpoint(ec2, p, vpcId, "com.amazonaws." + region + ".sts", VpcEndpointType.INTERFACE, n.vpc() + "-sts", null, subnets,
                endpointsGroup, changes);
        String kinesis = endpoint(ec2, p, vpcId, "com.amazonaws." + region + ".kinesis-streams", VpcEndpointType.INTERFACE, n.vpc() + "-kinesis",
                null, subnets, endpointsGroup, changes);
        String workspace = null;
        String relay = null;
        if (p.options().privateLink()) {
            workspace = endpoint(ec2, p, vpcId, p.options().workspaceEndpointService(), VpcEndpointType.INTERFACE, n.vpc() + "-workspace", null,
                    subnets, endpointsGroup, changes);
            relay = endpoint(ec2, p, vpcId, p.options().relayEndpointService(), VpcEndpointType.INTERFACE, n.vpc() + "-relay", null, subnets,
                    endpointsGroup, changes);
        }
        LOG.info("network in place in {}: {} change(s)", vpcId, changes.size());
        return new NetworkResult(vpcId, subnets, zones, nodes, endpointsGroup, routeTable,
                new NetworkResult.Endpoints(s3, sts, kinesis, workspace, relay), changes);
    }

    private Vpc vpc(Ec2Client ec2, Plan p, List<Change> changes) {
        String name = p.names().vpc();
        Optional<Vpc> found = call("ec2:DescribeVpcs " + name, () -> ec2.describeVpcs(b -> b.filters(tag("Name", name), tag(TAG, p.prefix())))
                .vpcs().stream().findFirst());
        Vpc vpc;
        if (found.isPresent()) {
            vpc = found.get();
        } else {
            vpc = call("ec2:CreateVpc " + name, () -> ec2.createVpc(b -> b.cidrBlock(p.options().vpcCidr())
                    .tagSpecifications(tags(ResourceType.VPC, name, p))).vpc());
            changes.add(Change.created(VPC, vpc.vpcId()));
            LOG.info("VPC {} created: {}", name, vpc.vpcId());
        }
        String id = vpc.vpcId();
        boolean dnsSupport = call("ec2:DescribeVpcAttribute", () -> ec2.describeVpcAttribute(b -> b.vpcId(id).attribute("enableDnsSupport"))
                .enableDnsSupport().value());
        boolean dnsHostnames = call("ec2:DescribeVpcAttribute", () -> ec2.describeVpcAttribute(b -> b.vpcId(id).attribute("enableDnsHostnames"))
                .enableDnsHostnames().value());
        if (!dnsSupport) call("ec2:ModifyVpcAttribute", () -> ec2.modifyVpcAttribute(b -> b.vpcId(id).enableDnsSupport(v -> v.value(true))));
        if (!dnsHostnames) call("ec2:ModifyVpcAttribute", () -> ec2.modifyVpcAttribute(b -> b.vpcId(id).enableDnsHostnames(v -> v.value(true))));
        if (found.isPresent() && (!dnsSupport || !dnsHostnames)) changes.add(Change.updated(VPC, id, "DNS support and hostnames turned on"));
        return vpc;
    }

    /** The region's first three availability zones (by name) that are available. */
    private List<String> zones(Ec2Client ec2, Plan p) {
        List<String> zones = call("ec2:DescribeAvailabilityZones", () -> ec2.describeAvailabilityZones(b -> b.filters(
                Filter.builder().name("state").values("available").build())).availabilityZones().stream()
                .filter(z -> z.zoneType() == null || "availability-zone".equals(z.zoneType()))
                .map(AvailabilityZone::zoneName).sorted().toList());
        if (zones.size() < 3) {
            throw new PreconditionFailedException("region " + p.region() + " shows " + zones.size() + " available availability zones to account "
                    + p.accountId() + " (" + zones + "); Databricks' minimum network needs private subnets in three");
        }
        return zones.subList(0, 3);
    }

    private String subnet(Ec2Client ec2, Plan p, String vpcId, String zone, int index, List<Change> changes) {
        String name = p.names().vpc() + "-private-" + zone;
        Optional<Subnet> found = call("ec2:DescribeSubnets " + name, () -> ec2.describeSubnets(b -> b.filters(
                Filter.builder().name("vpc-id").values(vpcId).build(), tag("Name", name))).subnets().stream().findFirst());
        if (found.isPresent()) return found.get().subnetId();
        String cidr = subnetCidr(p.options().vpcCidr(), index);
        Subnet s = call("ec2:CreateSubnet " + name, () -> ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)
                .tagSpecifications(tags(ResourceType.SUBNET, name, p))).subnet());
        changes.add(Change.created(SUBNET, s.subnetId()));
        return s.subnetId();
    }

    /** The {@code index}th eighth of the VPC's block (a /16 gives /19 subnets). */
    static String subnetCidr(String vpcCidr, int index) {
        String[] parts = vpcCidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        String[] o = parts[0].split("\\.");
        long base = (Long.parseLong(o[0]) << 24) | (Long.parseLong(o[1]) << 16) | (Long.parseLong(o[2]) << 8) | Long.parseLong(o[3]);
        int sub = prefix + 3;
        long start = base + ((long) index << (32 - sub));
        return ((start >> 24) & 255) + "." + ((start >> 16) & 255) + "." + ((start >> 8) & 255) + "." + (start & 255) + "/" + sub;
    }

    private String routeTable(Ec2Client ec2, Plan p, String vpcId, List<String> subnets, List<Change> changes) {
        String name = p.names().routeTable();
        Optional<RouteTable> found = call("ec2:DescribeRouteTables " + name, () -> ec2.describeRouteTables(b -> b.filters(
                Filter.builder().name("vpc-id").values(vpcId).build(), tag("Name", name))).routeTables().stream().findFirst());
        RouteTable rt;
        if (found.isPresent()) {
            rt = found.get();
        } else {
            rt = call("ec2:CreateRouteTable " + name, () -> ec2.createRouteTable(b -> b.vpcId(vpcId)
                    .tagSpecifications(tags(ResourceType.ROUTE_TABLE, name, p))).routeTable());
            changes.add(Change.created(ROUTE_TABLE, rt.routeTableId()));
        }
        Set<String> associated = new HashSet<>();
        rt.associations().forEach(a -> { if (a.subnetId() != null) associated.add(a.subnetId()); });
        String id = rt.routeTableId();
        List<String> added = new ArrayList<>();
        for (String subnet : subnets) {
            if (associated.contains(subnet)) continue;
            call("ec2:AssociateRouteTable " + subnet, () -> ec2.associateRouteTable(b -> b.routeTableId(id).subnetId(subnet)));
            added.add(subnet);
        }
        if (found.isPresent() && !added.isEmpty()) changes.add(Change.updated(ROUTE_TABLE, id, "subnets associated again: " + added));
        return id;
    }

    private String securityGroup(Ec2Client ec2, Plan p, String vpcId, String name, String description, List<Change> changes) {
        Optional<SecurityGroup> found = call("ec2:DescribeSecurityGroups " + name, () -> ec2.describeSecurityGroups(b -> b.filters(
                Filter.builder().name("vpc-id").values(vpcId).build(), Filter.builder().name("group-name").values(name).build()))
                .securityGroups().stream().findFirst());
        if (found.isPresent()) return found.get().groupId();
        String id = call("ec2:CreateSecurityGroup " + name, () -> ec2.createSecurityGroup(b -> b.vpcId(vpcId).groupName(name)
                .description(description).tagSpecifications(tags(ResourceType.SECURITY_GROUP, name, p))).groupId());
        changes.add(Change.created(SECURITY_GROUP, id));
        return id;
    }

    static List<Rule> nodeRules(String self) {
        List<Rule> r = new ArrayList<>();
        for (boolean ingress : new boolean[] {true, false}) {
            r.add(new Rule(ingress, "tcp", 0, 65535, null, self));
            r.add(new Rule(ingress, "udp", 0, 65535, null, self));
        }
        for (int port : new int[] {443, 3306, 6666, 2443}) r.add(new Rule(false, "tcp", port, port, "0.0.0.0/0", null));
        r.add(new Rule(false, "tcp", 8443, 8451, "0.0.0.0/0", null));
        return r;
    }

    static List<Rule> endpointRules(String nodes) {
        List<Rule> r = new ArrayList<>();
        for (int port : new int[] {443, 2443, 6666}) r.add(new Rule(true, "tcp", port, port, null, nodes));
        return r;
    }

    private void rules(Ec2Client ec2, String groupId, List<Rule> wanted, List<Change> changes) {
        SecurityGroup g = call("ec2:DescribeSecurityGroups " + groupId, () -> ec2.describeSecurityGroups(b -> b.groupIds(groupId))
                .securityGroups().get(0));
        Set<Rule> present = new HashSet<>();
        g.ipPermissions().forEach(perm -> flatten(true, perm, present));
        g.ipPermissionsEgress().forEach(perm -> flatten(false, perm, present));
        List<Rule> missing = wanted.stream().filter(r -> !present.contains(r)).toList();
        for (Rule r : missing) {
            IpPermission perm = permission(r);
            if (r.ingress()) call("ec2:AuthorizeSecurityGroupIngress " + groupId, () -> ec2.authorizeSecurityGroupIngress(b -> b.groupId(groupId).ipPermissions(perm)));
            else call("ec2:AuthorizeSecurityGroupEgress " + groupId, () -> ec2.authorizeSecurityGroupEgress(b -> b.groupId(groupId).ipPermissions(perm)));
        }
        Rule allOut = new Rule(false, "-1", -1, -1, "0.0.0.0/0", null);
        boolean openEgress = present.stream().anyMatch(r -> !r.ingress() && "-1".equals(r.protocol()) && "0.0.0.0/0".equals(r.cidr()));
        if (openEgress) {
            call("ec2:RevokeSecurityGroupEgress " + groupId, () -> ec2.revokeSecurityGroupEgress(b -> b.groupId(groupId).ipPermissions(
                    IpPermission.builder().ipProtocol("-1").ipRanges(x -> x.cidrIp("0.0.0.0/0")).build())));
        }
        boolean isNew = changes.stream().anyMatch(c -> Change.CREATED.equals(c.action()) && groupId.equals(c.name()));
        if (!isNew && (!missing.isEmpty() || openEgress)) {
            changes.add(Change.updated(SECURITY_GROUP, groupId, (missing.isEmpty() ? "" : missing.size() + " missing rule(s) added")
                    + (openEgress ? (missing.isEmpty() ? "" : "; ") + "the allow-all egress rule " + allOut.cidr() + " removed" : "")));
        }
    }

    private static void flatten(boolean ingress, IpPermission p, Set<Rule> out) {
        int from = p.fromPort() == null ? -1 : p.fromPort();
        int to = p.toPort() == null ? -1 : p.toPort();
        String proto = p.ipProtocol();
        p.ipRanges().forEach(r -> out.add(new Rule(ingress, proto, from, to, r.cidrIp(), null)));
        p.userIdGroupPairs().forEach(g -> out.add(new Rule(ingress, proto, from, to, null, g.groupId())));
    }

    private static IpPermission permission(Rule r) {
        IpPermission.Builder b = IpPermission.builder().ipProtocol(r.protocol()).fromPort(r.from()).toPort(r.to());
        if (r.cidr() != null) b.ipRanges(x -> x.cidrIp(r.cidr()));
        else b.userIdGroupPairs(x -> x.groupId(r.group()));
        return b.build();
    }

    private String endpoint(Ec2Client ec2, Plan p, String vpcId, String service, VpcEndpointType type, String name, List<String> routeTables,
                            List<String> subnets, String group, List<Change> changes) {
        Optional<VpcEndpoint> found = call("ec2:DescribeVpcEndpoints " + service, () -> ec2.describeVpcEndpoints(b -> b.filters(
                Filter.builder().name("vpc-id").values(vpcId).build(), Filter.builder().name("service-name").values(service).build()))
                .vpcEndpoints().stream().filter(e -> !Set.of("deleted", "deleting", "failed", "rejected", "expired")
                        .contains(String.valueOf(e.stateAsString()).toLowerCase(java.util.Locale.ROOT))).findFirst());
        if (found.isPresent()) return found.get().vpcEndpointId();
        VpcEndpoint e = call("ec2:CreateVpcEndpoint " + service, () -> ec2.createVpcEndpoint(b -> {
            b.vpcId(vpcId).serviceName(service).vpcEndpointType(type).tagSpecifications(tags(ResourceType.VPC_ENDPOINT, name, p));
            if (type == VpcEndpointType.GATEWAY) b.routeTableIds(routeTables);
            else b.subnetIds(subnets).securityGroupIds(group).privateDnsEnabled(true);
        }).vpcEndpoint());
        changes.add(Change.created(ENDPOINT, e.vpcEndpointId() + " (" + service + ")"));
        return e.vpcEndpointId();
    }

    private static Filter tag(String key, String value) {
        return Filter.builder().name("tag:" + key).values(value).build();
    }

    private static TagSpecification tags(ResourceType type, String name, Plan p) {
        return TagSpecification.builder().resourceType(type).tags(Tag.builder().key("Name").value(name).build(),
                Tag.builder().key(TAG).value(p.prefix()).build()).build();
    }
}
