package io.dbxcp.accounts.policy;

import static io.dbxcp.accounts.policy.Policies.allow;
import static io.dbxcp.accounts.policy.Policies.deny;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.common.kms.KeyUseCase;
import java.util.ArrayList;
import java.util.List;

/**
 * Every policy onboarding writes, as Databricks documents it where Databricks has a say:
 * <ul>
 *   <li>the cross-account role: trust to the Databricks AWS account with the Databricks account id as
 *       {@code sts:ExternalId}; permissions of Databricks' "customer-managed VPC" policy, plus
 *       {@code iam:PassRole} on the instance profiles' roles only;</li>
 *   <li>the log delivery role: the same trust; write access to the log bucket's prefix only (Databricks'
 *       billable usage and audit log delivery documentation);</li>
 *   <li>the meta instance profile: EC2 may assume it; it may assume the data roles, nothing else;</li>
 *   <li>a data role per layer: EC2 (its own instance profile) and the meta instance profile may assume
 *       it; it may list its bucket and read, write and delete its objects, nothing else; its use of the
 *       storage key is granted in the key policy, through S3 only;</li>
 *   <li>key policies: the account's root (so the account's administrators manage the key through IAM),
 *       optional key administrators, and per use case exactly the statements of {@link KeyUseCase}
 *       (Databricks' documented statements), plus the data and log delivery roles through S3;</li>
 *   <li>bucket policies: the root bucket grants Databricks what Databricks' root bucket policy grants;
 *       every bucket denies requests that are not over TLS and puts that ask for another encryption
 *       than SSE-KMS, and the data lake buckets deny puts that do not ask for SSE-KMS at all.</li>
 * </ul>
 */
public final class Documents {
    /** Sids of the statements onboarding owns in bucket and key policies (others' statements are kept). */
    public static final String DENY_INSECURE_TRANSPORT = "DenyInsecureTransport";
    public static final String DENY_WRONG_ENCRYPTION_HEADER = "DenyIncorrectEncryptionHeader";
    public static final String DENY_UNENCRYPTED_UPLOADS = "DenyUnencryptedObjectUploads";
    public static final String GRANT_DATABRICKS = "Grant Databricks Access";
    public static final String ENABLE_IAM = "Enable IAM User Permissions";
    public static final String KEY_ADMINISTRATION = "Allow key administration";
    public static final String DATA_ROLES_THROUGH_S3 = "Allow data roles to use the key through S3";
    public static final String LOG_DELIVERY_THROUGH_S3 = "Allow log delivery to use the key through S3";

    /** What Databricks' root bucket policy grants on the objects and on the bucket. */
    public static final List<String> ROOT_OBJECT_ACTIONS = List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject");
    public static final List<String> ROOT_BUCKET_ACTIONS = List.of("s3:ListBucket", "s3:GetBucketLocation");

    /** Databricks' cross-account policy for a customer-managed VPC (EC2 with no resource-level scoping, as documented). */
    static final List<String> CROSS_ACCOUNT_EC2 = List.of(
            "ec2:AssociateIamInstanceProfile", "ec2:AttachVolume", "ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress",
            "ec2:CancelSpotInstanceRequests", "ec2:CreateTags", "ec2:CreateVolume", "ec2:DeleteTags", "ec2:DeleteVolume",
            "ec2:DescribeAvailabilityZones", "ec2:DescribeIamInstanceProfileAssociations", "ec2:DescribeInstanceStatus",
            "ec2:DescribeInstances", "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways", "ec2:DescribeNetworkAcls",
            "ec2:DescribePrefixLists", "ec2:DescribeReservedInstancesOfferings", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups",
            "ec2:DescribeSpotInstanceRequests", "ec2:DescribeSpotPriceHistory", "ec2:DescribeSubnets", "ec2:DescribeVolumes",
            "ec2:DescribeVpcAttribute", "ec2:DescribeVpcs", "ec2:DetachVolume", "ec2:DisassociateIamInstanceProfile",
            "ec2:ReplaceIamInstanceProfileAssociation", "ec2:RequestSpotInstances", "ec2:RevokeSecurityGroupEgress",
            "ec2:RevokeSecurityGroupIngress", "ec2:RunInstances", "ec2:TerminateInstances", "ec2:DescribeFleetHistory", "ec2:ModifyFleet",
            "ec2:DeleteFleets", "ec2:DescribeFleetInstances", "ec2:DescribeFleets", "ec2:CreateFleet", "ec2:DeleteLaunchTemplate",
            "ec2:GetLaunchTemplateData", "ec2:CreateLaunchTemplate", "ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions",
            "ec2:ModifyLaunchTemplate", "ec2:DeleteLaunchTemplateVersions", "ec2:CreateLaunchTemplateVersion", "ec2:AssignPrivateIpAddresses",
            "ec2:GetSpotPlacementScores");
    /** What key administrators may do (AWS's default key administrator statement, without the use of the key). */
    static final List<String> KEY_ADMIN_ACTIONS = List.of("kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*",
            "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
            "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand");
    /** What S3 asks KMS for on behalf of a role that reads and writes SSE-KMS objects. */
    static final List<String> S3_KEY_USE = List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey");

    private Documents() {}

    // ------------------------------------------------------------------ trust policies

    /** Databricks (its AWS account) may assume the role, with the Databricks account id as external id. */
    public static ObjectNode databricksTrust(Plan p) {
        return Policies.document(allow("AllowDatabricks").aws(p.databricksPrincipal()).actions("sts:AssumeRole")
                .condition("StringEquals", "sts:ExternalId", p.databricksAccountId()).json());
    }

    /** EC2 may assume the role (it is in an instance profile). */
    public static ObjectNode ec2Trust() {
        return Policies.document(ec2());
    }

    /** A data role: EC2 (its own instance profile) and the meta instance profile's role may assume it. */
    public static ObjectNode dataRoleTrust(Plan p) {
        return Policies.document(ec2(), allow("AllowMetaInstanceProfile").aws(p.roleArn(p.names().metaInstanceProfile()))
                .actions("sts:AssumeRole").json());
    }

    private static ObjectNode ec2() {
        return allow("AllowEc2").service("ec2.amazonaws.com").actions("sts:AssumeRole").json();
    }

    // ------------------------------------------------------------------ role policies

    public static ObjectNode crossAccountPolicy(Plan p) {
        List<String> passable = new ArrayList<>();
        passable.add(p.roleArn(p.names().metaInstanceProfile()));
        p.names().dataLayers().forEach(l -> passable.add(p.roleArn(l.role())));
        return Policies.document(
                allow("DatabricksCustomerManagedVpc").actions(CROSS_ACCOUNT_EC2).resources("*").json(),
                allow("DatabricksSpotServiceLinkedRole").actions("iam:CreateServiceLinkedRole", "iam:PutRolePolicy")
                        .resources("arn:aws:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot")
                        .condition("StringLike", "iam:AWSServiceName", "spot.amazonaws.com").json(),
                allow("PassInstanceProfileRoles").actions("iam:PassRole").resources(passable).json());
    }

    public static ObjectNode metaInstanceProfilePolicy(Plan p) {
        return Policies.document(allow("AssumeDataRoles").actions("sts:AssumeRole")
                .resources(p.names().dataLayers().stream().map(l -> p.roleArn(l.role())).toList()).json());
    }

    public static ObjectNode dataRolePolicy(Plan.DataLayer layer) {
        String bucket = "arn:aws:s3:::" + layer.bucket();
        return Policies.document(
                allow("ListTheBucket").actions("s3:ListBucket", "s3:GetBucketLocation").resources(bucket).json(),
                allow("ReadWriteTheObjects").actions("s3:GetObject", "s3:PutObject", "s3:DeleteObject").resources(bucket + "/*").json());
    }

    public static ObjectNode logDeliveryPolicy(Plan p) {
        String bucket = "arn:aws:s3:::" + p.names().logBucket();
        String prefix = p.options().logPrefix();
        return Policies.document(
                allow("LocateTheBucket").actions("s3:GetBucketLocation").resources(bucket).json(),
                allow("WriteLogs").actions("s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload",
                        "s3:ListMultipartUploadParts").resources(bucket + "/" + prefix + "/", bucket + "/" + prefix + "/*").json(),
                allow("ListLogs").actions("s3:ListBucket", "s3:ListBucketMultipartUploads").resources(bucket)
                        .condition("StringLike", "s3:prefix", prefix, prefix + "/*").json());
    }

    // ------------------------------------------------------------------ key policies

    /** The workspace storage key: STORAGE and CLUSTER_VOLUMES for Databricks, and the data and log delivery roles through S3. */
    public static List<ObjectNode> storageKeyStatements(Plan p) {
        List<ObjectNode> s = adminStatements(p);
        s.add(databricksStatement(p, KeyUseCase.STORAGE));
        s.add(allow(KeyUseCase.CLUSTER_VOLUMES.documentedSid()).aws(p.roleArn(p.names().crossAccountRole()))
                .actions(KeyUseCase.CLUSTER_VOLUMES.actions()).resources("*")
                .condition("ForAnyValue:StringLike", "kms:ViaService", "ec2.*.amazonaws.com").json());
        s.add(allow(DATA_ROLES_THROUGH_S3).aws(p.names().dataLayers().stream().map(l -> p.roleArn(l.role())).toList())
                .actions(S3_KEY_USE).resources("*").condition("StringEquals", "kms:ViaService", "s3." + p.region() + ".amazonaws.com").json());
        s.add(allow(LOG_DELIVERY_THROUGH_S3).aws(p.roleArn(p.names().logDeliveryRole())).actions("kms:GenerateDataKey*", "kms:Decrypt")
                .resources("*").condition("StringEquals", "kms:ViaService", "s3." + p.region() + ".amazonaws.com").json());
        return s;
    }

    /** The managed services key: MANAGED_SERVICES for Databricks. */
    public static List<ObjectNode> managedServicesKeyStatements(Plan p) {
        List<ObjectNode> s = adminStatements(p);
        s.add(databricksStatement(p, KeyUseCase.MANAGED_SERVICES));
        return s;
    }

    private static List<ObjectNode> adminStatements(Plan p) {
        List<ObjectNode> s = new ArrayList<>();
        s.add(allow(ENABLE_IAM).aws("arn:aws:iam::" + p.accountId() + ":root").actions("kms:*").resources("*").json());
        if (!p.options().keyAdminRoleArns().isEmpty()) {
            s.add(allow(KEY_ADMINISTRATION).aws(p.options().keyAdminRoleArns()).actions(KEY_ADMIN_ACTIONS).resources("*").json());
        }
        return s;
    }

    /** Databricks' documented statement for a use case, with the condition that only this Databricks account may use it. */
    private static ObjectNode databricksStatement(Plan p, KeyUseCase useCase) {
        return allow(useCase.documentedSid()).aws(p.databricksPrincipal()).actions(useCase.actions()).resources("*")
                .condition("StringEquals", "aws:PrincipalTag/DatabricksAccountId", p.databricksAccountId()).json();
    }

    // ------------------------------------------------------------------ bucket policies

    /** How strictly a bucket's policy asks for encryption. */
    public enum Encryption {
        /**
         * Puts must ask for SSE-KMS ({@code x-amz-server-side-encryption: aws:kms}): the data lake
         * buckets, written by clusters whose Spark configuration sets SSE-KMS (as the seed describes).
         */
        REQUIRE_HEADER,
        /**
         * Puts that ask for anything but SSE-KMS are denied; puts that ask for nothing are encrypted by
         * the bucket's default SSE-KMS with the storage key. For the root bucket and the log bucket,
         * which Databricks itself writes (DBFS root, log delivery) without promising the header.
         */
        DEFAULT_KMS
    }

    /** The statements onboarding owns in a bucket's policy. */
    public static List<ObjectNode> bucketStatements(Plan p, String bucket, Encryption encryption, boolean root) {
        String arn = "arn:aws:s3:::" + bucket;
        List<ObjectNode> s = new ArrayList<>();
        if (root) {
            s.add(allow(GRANT_DATABRICKS).aws(p.databricksPrincipal())
                    .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation"))
                    .resources(arn + "/*", arn)
                    .condition("StringEquals", "aws:PrincipalTag/DatabricksAccountId", p.databricksAccountId()).json());
        }
        s.add(deny(DENY_INSECURE_TRANSPORT).anyone().actions("s3:*").resources(arn, arn + "/*")
                .condition("Bool", "aws:SecureTransport", "false").json());
        s.add(deny(DENY_WRONG_ENCRYPTION_HEADER).anyone().actions("s3:PutObject").resources(arn + "/*")
                .condition("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms")
                .condition("Null", "s3:x-amz-server-side-encryption", "false").json());
        if (encryption == Encryption.REQUIRE_HEADER) {
            s.add(deny(DENY_UNENCRYPTED_UPLOADS).anyone().actions("s3:PutObject").resources(arn + "/*")
                    .condition("Null", "s3:x-amz-server-side-encryption", "true").json());
        }
        return s;
    }
}
