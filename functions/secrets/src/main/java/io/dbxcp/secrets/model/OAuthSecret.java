package io.dbxcp.secrets.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The value of an {@code sp-oauth-secret} secret: a service principal's OAuth client credentials
 * (OAuth M2M against the account or a workspace).
 *
 * @param clientId     the service principal's application id
 * @param clientSecret the secret; never logged, never in an exception or a result
 * @param secretId     its id at {@code A/servicePrincipals/{id}/credentials/secrets}
 * @param expireTime   ISO-8601 instant it expires at, as Databricks reports it
 */
@JsonPropertyOrder({"client_id", "client_secret", "secret_id", "expire_time"})
public record OAuthSecret(
        @JsonProperty("client_id") String clientId,
        @JsonProperty("client_secret") String clientSecret,
        @JsonProperty("secret_id") String secretId,
        @JsonProperty("expire_time") String expireTime) {

    @Override
    public String toString() { // never the secret
        return "OAuthSecret[clientId=" + clientId + ", secretId=" + secretId + ", expireTime=" + expireTime + "]";
    }
}
