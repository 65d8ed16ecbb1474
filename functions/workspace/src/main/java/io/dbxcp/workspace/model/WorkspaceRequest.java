package io.dbxcp.workspace.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A workspace request, as events/schemas/workspace-request.schema.json describes it (that schema is
 * the documentation of every field). Absent optional parts are null; {@link #withDefaults()} fills
 * the defaults the schema states. Absent parts stay absent when written (the request goes on, as
 * it is, to mount-buckets, whose schema refuses nulls).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkspaceRequest(
        String requestId,
        String workspaceName,
        String deploymentName,
        String awsAccountId,
        String region,
        String crossAccountRoleArn,
        String rootBucket,
        Network network,
        Keys keys,
        String pricingTier,
        Map<String, String> customTags,
        Configure configure) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Network(String vpcId, List<String> subnetIds, List<String> securityGroupIds, PrivateLink privateLink) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PrivateLink(String restApiVpcEndpointId, String relayVpcEndpointId, String privateAccessLevel, Boolean publicAccessEnabled) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Keys(String managedServicesKeyArn, String storageKeyArn, Boolean reuseKeyForClusterVolumes) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Configure(
            List<ClusterPolicy> clusterPolicies,
            InitScript initScript,
            List<SecretScope> secretScopes,
            List<InstanceProfile> instanceProfiles,
            AutomationPrincipal automationServicePrincipal,
            LogDelivery logDelivery,
            Metastore metastore,
            Mounts mounts) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClusterPolicy(String name, String clusterType, Integer minWorkers, Integer maxWorkers, Boolean spotWithOnDemandFallback,
                                String instanceProfileArn, String dataKeyArn, List<String> allowedLanguages, List<String> nodeTypeIds) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InitScript(String rootBucketKeyArn, String name) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretScope(String name, List<Acl> acls) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Acl(String principal, String permission) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InstanceProfile(String instanceProfileArn, String iamRoleArn, Boolean isMetaInstanceProfile) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AutomationPrincipal(String displayName, Integer tokenLifetimeDays) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LogDelivery(String roleArn, String bucket, String pathPrefix, Boolean billableUsage, Boolean auditLogs) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metastore(String type, String metastoreId, String defaultCatalogName, String glueCatalogId) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mounts(String mode, String storageCredentialName, List<Bucket> buckets) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bucket(String bucket, String mountName, String instanceProfileArn, String roleArn, String kmsKeyArn, Boolean readOnly) {}

    public boolean customerManagedVpc() {
        return network != null;
    }

    public boolean privateLink() {
        return network != null && network.privateLink() != null;
    }

    /** The request with the defaults of the schema filled in, so that later steps need not repeat them. */
    public WorkspaceRequest withDefaults() {
        Keys k = keys == null ? null : new Keys(keys.managedServicesKeyArn(), keys.storageKeyArn(),
                keys.reuseKeyForClusterVolumes() == null ? Boolean.TRUE : keys.reuseKeyForClusterVolumes());
        Network n = network;
        if (n != null && n.privateLink() != null) {
            PrivateLink p = n.privateLink();
            n = new Network(n.vpcId(), n.subnetIds(), n.securityGroupIds(), new PrivateLink(p.restApiVpcEndpointId(), p.relayVpcEndpointId(),
                    p.privateAccessLevel() == null ? "ACCOUNT" : p.privateAccessLevel(),
                    p.publicAccessEnabled() == null ? Boolean.TRUE : p.publicAccessEnabled()));
        }
        Configure c = configure;
        if (c != null) {
            List<ClusterPolicy> policies = c.clusterPolicies() == null ? null : c.clusterPolicies().stream()
                    .map(p -> new ClusterPolicy(p.name(), p.clusterType(),
                            p.minWorkers() == null ? 1 : p.minWorkers(), p.maxWorkers() == null ? 8 : p.maxWorkers(),
                            p.spotWithOnDemandFallback() == null ? Boolean.TRUE : p.spotWithOnDemandFallback(),
                            p.instanceProfileArn(), p.dataKeyArn(),
                            p.allowedLanguages() == null ? List.of("python", "sql") : p.allowedLanguages(), p.nodeTypeIds()))
                    .toList();
            InitScript init = c.initScript() == null ? null
                    : new InitScript(c.initScript().rootBucketKeyArn(), c.initScript().name() == null ? "dbxcp-sse-kms-core-site" : c.initScript().name());
            AutomationPrincipal sp = c.automationServicePrincipal() == null ? null
                    : new AutomationPrincipal(c.automationServicePrincipal().displayName(),
                            c.automationServicePrincipal().tokenLifetimeDays() == null ? 90 : c.automationServicePrincipal().tokenLifetimeDays());
            LogDelivery logs = c.logDelivery() == null ? null : new LogDelivery(c.logDelivery().roleArn(), c.logDelivery().bucket(),
                    c.logDelivery().pathPrefix() == null ? "databricks-logs/" + workspaceName : c.logDelivery().pathPrefix(),
                    c.logDelivery().billableUsage() == null ? Boolean.TRUE : c.logDelivery().billableUsage(),
                    c.logDelivery().auditLogs() == null ? Boolean.TRUE : c.logDelivery().auditLogs());
            Metastore m = c.metastore() == null ? null : new Metastore(c.metastore().type(), c.metastore().metastoreId(),
                    "UNITY_CATALOG".equals(c.metastore().type()) && c.metastore().defaultCatalogName() == null ? "main" : c.metastore().defaultCatalogName(),
                    "GLUE".equals(c.metastore().type()) && c.metastore().glueCatalogId() == null ? awsAccountId : c.metastore().glueCatalogId());
            Mounts mounts = c.mounts() == null ? null : new Mounts(c.mounts().mode(),
                    c.mounts().storageCredentialName() == null ? workspaceName + "-data" : c.mounts().storageCredentialName(), c.mounts().buckets());
            c = new Configure(policies, init, c.secretScopes(), c.instanceProfiles(), sp, logs, m, mounts);
        }
        return new WorkspaceRequest(requestId, workspaceName, deploymentName, awsAccountId, region, crossAccountRoleArn, rootBucket, n, k,
                pricingTier == null ? "PREMIUM" : pricingTier, customTags, c);
    }
}
