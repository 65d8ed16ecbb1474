package io.dbxcp.accounts.model;

import java.util.List;

/**
 * What onboarding makes in an account, every name derived from the configured prefix and the
 * account id so that a rerun finds it: the first state computes it once, every later step reads it
 * from the execution's state (only that state's function reads the onboarding configuration).
 *
 * @param accessRoleArn the role the control plane assumes in the account (Control Tower's execution
 *                      role or Organizations' access role)
 * @param baseName      {@code <prefix>-<account id>}: the name of the account's Databricks objects
 *                      and of the workspace the request template proposes
 */
public record Plan(String prefix, String accountId, String region, String origin, String accessRoleArn, String baseName,
                   String databricksAccountId, String databricksAwsAccountId, Names names, Options options) {

    /** The names of everything onboarding makes or finds. */
    public record Names(String crossAccountRole, String metaInstanceProfile, String logDeliveryRole, String rolePolicy,
                        String storageKeyAlias, String managedServicesKeyAlias, String rootBucket, String logBucket,
                        List<DataLayer> dataLayers, String vpc, String nodesSecurityGroup, String endpointsSecurityGroup,
                        String routeTable, String credentials, String storageConfiguration, String logDeliveryCredentials,
                        String logDeliveryStorage, String billableUsageDelivery, String auditLogsDelivery) {}

    /** A data lake layer (raw, prepared, trusted): its bucket and its data role (and instance profile of the same name). */
    public record DataLayer(String layer, String bucket, String role) {}

    /**
     * What the configuration asks for.
     *
     * @param network                   make the VPC (three private subnets in three AZs, endpoints)
     * @param workspaceEndpointService  PrivateLink: the regional Databricks workspace (REST API) endpoint service; null for none
     * @param relayEndpointService      PrivateLink: the regional secure cluster connectivity relay endpoint service; null for none
     * @param logDelivery               deliver billable usage and audit logs of the whole Databricks account to the log bucket
     * @param keyAdminRoleArns          roles of the account given key administration in the key policies (besides the account root)
     */
    public record Options(boolean network, String vpcCidr, String workspaceEndpointService, String relayEndpointService,
                         boolean logDelivery, String logPrefix, List<String> keyAdminRoleArns) {
        public boolean privateLink() {
            return workspaceEndpointService != null && relayEndpointService != null;
        }
    }

    public String roleArn(String roleName) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    public String instanceProfileArn(String name) {
        return "arn:aws:iam::" + accountId + ":instance-profile/" + name;
    }

    /** {@code arn:aws:iam::<databricks aws account>:root}, the principal Databricks' documented policies name. */
    public String databricksPrincipal() {
        return "arn:aws:iam::" + databricksAwsAccountId + ":root";
    }
}
