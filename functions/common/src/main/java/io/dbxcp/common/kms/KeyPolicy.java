package io.dbxcp.common.kms;

import java.util.Collection;
import java.util.List;

/**
 * A KMS key policy, read to find which actions it does not grant a principal. In a key policy the
 * resource is the key itself ({@code "Resource": "*"}), so only principals and actions matter; see
 * {@link PolicyDocument} for what is and is not understood (conditions, Deny, wildcards).
 *
 * <pre>{@code
 * List<String> missing = KeyPolicy.parse(json).missingActions("arn:aws:iam::414351767826:root", KeyUseCase.STORAGE.actions());
 * }</pre>
 */
public final class KeyPolicy {
    /** Every KMS action, to tell what a wildcard such as {@code kms:GenerateDataKey*} stands for. */
    public static final List<String> KMS_ACTIONS = List.of(
            "kms:CancelKeyDeletion", "kms:ConnectCustomKeyStore", "kms:CreateAlias", "kms:CreateCustomKeyStore",
            "kms:CreateGrant", "kms:CreateKey", "kms:Decrypt", "kms:DeleteAlias", "kms:DeleteCustomKeyStore",
            "kms:DeleteImportedKeyMaterial", "kms:DeriveSharedSecret", "kms:DescribeCustomKeyStores", "kms:DescribeKey",
            "kms:DisableKey", "kms:DisableKeyRotation", "kms:DisconnectCustomKeyStore", "kms:EnableKey",
            "kms:EnableKeyRotation", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyPair",
            "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext", "kms:GenerateMac",
            "kms:GenerateRandom", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:GetParametersForImport",
            "kms:GetPublicKey", "kms:ImportKeyMaterial", "kms:ListAliases", "kms:ListGrants", "kms:ListKeyPolicies",
            "kms:ListKeyRotations", "kms:ListKeys", "kms:ListResourceTags", "kms:ListRetirableGrants",
            "kms:PutKeyPolicy", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:ReplicateKey", "kms:RetireGrant",
            "kms:RevokeGrant", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion", "kms:Sign",
            "kms:SynchronizeMultiRegionKey", "kms:TagResource", "kms:UntagResource", "kms:UpdateAlias",
            "kms:UpdateCustomKeyStore", "kms:UpdateKeyDescription", "kms:UpdatePrimaryRegion", "kms:Verify",
            "kms:VerifyMac");

    private final PolicyDocument document;

    private KeyPolicy(PolicyDocument document) {
        this.document = document;
    }

    /** Parses a key policy (GetKeyPolicy's JSON); throws {@link IllegalArgumentException} when it is not one. */
    public static KeyPolicy parse(String json) {
        return new KeyPolicy(PolicyDocument.parse(json));
    }

    public PolicyDocument document() {
        return document;
    }

    /**
     * The actions of {@code required} that the policy does not allow {@code principalArn}, in the
     * order given; empty when it allows them all. {@code kms:*}, {@code *} and wildcards such as
     * {@code kms:ReEncrypt*} in the policy are understood, and a required wildcard is granted by the
     * actions it stands for.
     */
    public List<String> missingActions(String principalArn, Collection<String> required) {
        return document.missingActions(principalArn, required, null, p -> PolicyDocument.expand(p, KMS_ACTIONS));
    }

    /** Whether the policy allows {@code principalArn} one action (a wildcard is read as in {@link #missingActions}). */
    public boolean allows(String principalArn, String action) {
        return missingActions(principalArn, List.of(action)).isEmpty();
    }
}
