package io.dbxcp.secrets.expiry;

/**
 * The detail of a {@code Credential Expiring} event (source {@code dbxcp.controlplane}): a credential
 * kept in Secrets Manager that expires within the warning window, or already has. Never its value.
 *
 * @param credentialId           the token id or OAuth secret id
 * @param principal              the service principal's application id (obo-token) or SCIM id (sp-oauth-secret)
 * @param workspaceId            the workspace of an obo-token; null for an sp-oauth-secret
 * @param expiresAt              ISO-8601; null when it is gone and its expiry unknown
 * @param expiryFrom             where the expiry was read: SECRET_VALUE or DATABRICKS_API
 * @param rotatesBeforeExpiry    the secret's next scheduled rotation comes before the expiry
 */
public record CredentialExpiring(
        String secretArn,
        String secretName,
        String kind,
        String credentialId,
        String principal,
        Long workspaceId,
        String expiresAt,
        Long daysLeft,
        boolean expired,
        String expiryFrom,
        boolean rotationEnabled,
        String nextRotationDate,
        boolean rotatesBeforeExpiry,
        String note) {}
