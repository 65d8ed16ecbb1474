package io.dbxcp.common.kms;

import java.util.List;

/**
 * What a KMS key is used for around a Databricks workspace, and what its key policy must therefore
 * grant, to whom. The actions are the ones of the key policies Databricks documents ("Customer-managed
 * keys for managed services" and "... for workspace storage" on AWS; the same statements appear in
 * the Terraform provider's {@code databricks_mws_customer_managed_keys} docs and in the Security
 * Reference Architecture): a statement for the Databricks AWS account and, for EBS volumes, one for
 * the workspace's cross-account role (with {@code kms:ViaService ec2.*.amazonaws.com}).
 */
public enum KeyUseCase {
    /** Databricks use case MANAGED_SERVICES: notebooks, secrets, SQL queries in the control plane. */
    MANAGED_SERVICES(Grantee.DATABRICKS, List.of("kms:Encrypt", "kms:Decrypt"),
            "Allow Databricks to use KMS key for control plane managed services", null),

    /** Databricks use case STORAGE: the workspace's root bucket (DBFS root and system data). */
    STORAGE(Grantee.DATABRICKS, List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"),
            "Allow Databricks to use KMS key for DBFS", null),

    /** STORAGE with {@code reuse_key_for_cluster_volumes}: the clusters' EBS volumes, through the cross-account role. */
    CLUSTER_VOLUMES(Grantee.CROSS_ACCOUNT_ROLE, List.of("kms:Decrypt", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"),
            "Allow Databricks to use KMS key for EBS", "Condition ForAnyValue:StringLike kms:ViaService ec2.*.amazonaws.com"),

    /**
     * SSE-KMS of the root bucket's objects set by a global init script (core-site.xml): Databricks
     * writes and reads the root bucket, and S3 asks KMS for data keys on its behalf, so Databricks
     * needs what S3 documents for SSE-KMS (kms:GenerateDataKey to write, kms:Decrypt to read).
     * Databricks documents no statement of its own for this.
     */
    ROOT_BUCKET_ENCRYPTION(Grantee.DATABRICKS, List.of("kms:Decrypt", "kms:GenerateDataKey*"), null, null),

    /**
     * SSE-KMS of data lake buckets, used by clusters through their instance profiles: Databricks
     * itself needs nothing from the key policy, so only the key's state and region are checked.
     */
    DATA_ENCRYPTION(Grantee.NONE, List.of(), null, null);

    /** Whom a use case's statement must name. */
    public enum Grantee {
        /** The Databricks AWS account, {@code arn:aws:iam::<databricks aws account>:root}. */
        DATABRICKS,
        /** The workspace's cross-account role. */
        CROSS_ACCOUNT_ROLE,
        /** Nobody: the key policy is not checked for this use case. */
        NONE
    }

    private final Grantee grantee;
    private final List<String> actions;
    private final String documentedSid;
    private final String conditionHint;

    KeyUseCase(Grantee grantee, List<String> actions, String documentedSid, String conditionHint) {
        this.grantee = grantee;
        this.actions = actions;
        this.documentedSid = documentedSid;
        this.conditionHint = conditionHint;
    }

    public Grantee grantee() {
        return grantee;
    }

    /** The actions the key policy must allow the grantee, as Databricks documents them (wildcards included). */
    public List<String> actions() {
        return actions;
    }

    /** The Sid of the statement Databricks documents for this use case, to name in a fix; null when it documents none. */
    public String documentedSid() {
        return documentedSid;
    }

    /** The condition the documented statement carries, to name in a fix; null when none. */
    public String conditionHint() {
        return conditionHint;
    }
}
