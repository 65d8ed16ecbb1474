package io.dbxcp.secrets.request;

/**
 * One secret of a rotation request, as it moves through the rotate-secrets Map: the Task input and
 * output alike.
 *
 * @param status    STARTED, ALREADY_STARTED, IN_PROGRESS, ROTATED, REFUSED, FAILED, TIMED_OUT
 * @param versionId the version the rotation makes (derived from the request id and the secret)
 * @param reason    why it was refused or failed
 * @param polls     how often the rotation's end was looked for
 */
public record SecretRotation(String requestId, String secretId, String secretArn, String secretName, String status, String versionId,
                             String reason, Integer polls) {

    SecretRotation with(String newStatus, String newReason, int newPolls) {
        return new SecretRotation(requestId, secretId, secretArn, secretName, newStatus, versionId, newReason, newPolls);
    }
}
