package io.dbxcp.secrets.rotation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What Secrets Manager sends its rotation function, once per step.
 *
 * @param secretId           the secret's ARN
 * @param clientRequestToken the id of the version being made (it holds AWSPENDING until finishSecret)
 * @param step               createSecret, setSecret, testSecret or finishSecret
 * @param rotationToken      sent by newer Secrets Manager versions; handed back on PutSecretValue. It
 *                           proves the caller's identity: never logged
 */
public record RotationEvent(
        @JsonProperty("SecretId") String secretId,
        @JsonProperty("ClientRequestToken") String clientRequestToken,
        @JsonProperty("Step") String step,
        @JsonProperty("RotationToken") String rotationToken) {

    @Override
    public String toString() { // never the rotation token
        return "RotationEvent[secretId=" + secretId + ", clientRequestToken=" + clientRequestToken + ", step=" + step + "]";
    }
}
