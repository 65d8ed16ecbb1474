package io.dbxcp.keys.model;

import java.util.List;

/**
 * A workspace that uses a key, as Databricks says (its key configuration ids), with what it uses
 * it for and the cross-account role of its credentials (the EBS statement of a storage key names it).
 *
 * @param reuseForClusterVolumes the storage key configuration also encrypts the clusters' EBS volumes
 */
public record WorkspaceUse(long workspaceId, String workspaceName, String deploymentName, String region, String status,
                           List<KeyUse> useCases, List<String> keyConfigurationIds, String crossAccountRoleArn,
                           boolean reuseForClusterVolumes) {}
