package io.dbxcp.workspace.preflight;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.kms.KeyCheck;
import io.dbxcp.local.offline.aws.WorkspaceRequestFixtures;
import io.dbxcp.testsupport.MotoServer;
import software.amazon.awssdk.regions.Region;

/**
 * The preflight tests' view of {@link WorkspaceRequestFixtures} (the local runner's fixture maker
 * for provision-workspace): everything a workspace request needs in moto to pass preflight.
 */
public final class AwsFixtures {
    public static final String DATABRICKS_AWS_ACCOUNT_ID = KeyCheck.DATABRICKS_AWS_ACCOUNT_ID;

    private AwsFixtures() {}

    /** Clients of moto in a region (moto's one account). */
    public static AccountClients clients(MotoServer moto, String region) {
        return AccountClients.of(moto.awsSettings(), Region.of(region));
    }

    /** Makes the request's resources in moto; returns a rewritten copy of the request (the argument is not changed). */
    public static ObjectNode prepare(MotoServer moto, String databricksAccountId, ObjectNode requestDetail) {
        return WorkspaceRequestFixtures.prepare(moto.awsSettings(), databricksAccountId, requestDetail);
    }

    public static String trustPolicy(String databricksAwsAccountId, String externalId) {
        return WorkspaceRequestFixtures.trustPolicy(databricksAwsAccountId, externalId);
    }

    public static String rootBucketPolicy(String bucket, String databricksAccountId) {
        return WorkspaceRequestFixtures.rootBucketPolicy(bucket, databricksAccountId);
    }

    public static String keyPolicy(String account, String crossAccountRoleArn) {
        return WorkspaceRequestFixtures.keyPolicy(account, crossAccountRoleArn);
    }
}
