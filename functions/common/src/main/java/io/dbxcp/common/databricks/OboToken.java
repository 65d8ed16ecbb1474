package io.dbxcp.common.databricks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The value of an {@code obo-token} secret: the contract between provisioning, which writes the first
 * as {@code dbxcp/<workspaceName>/automation-token}, and rotation, which renews it.
 *
 * @param token         the token; never logged, never in an exception or a result
 * @param tokenId       its id in the workspace's token management
 * @param applicationId the service principal it acts as
 * @param expiryTime    ISO-8601 instant it expires at; null if it never does
 * @param workspaceId   the workspace it is valid on
 * @param host          the workspace URL to call with it
 */
@JsonPropertyOrder({"token", "token_id", "application_id", "expiry_time", "workspace_id", "host"})
public record OboToken(
        @JsonProperty("token") String token,
        @JsonProperty("token_id") String tokenId,
        @JsonProperty("application_id") String applicationId,
        @JsonProperty("expiry_time") String expiryTime,
        @JsonProperty("workspace_id") Long workspaceId,
        @JsonProperty("host") String host) {

    @Override
    public String toString() { // never the token
        return "OboToken[tokenId=" + tokenId + ", applicationId=" + applicationId + ", expiryTime=" + expiryTime
                + ", workspaceId=" + workspaceId + ", host=" + host + "]";
    }
}
