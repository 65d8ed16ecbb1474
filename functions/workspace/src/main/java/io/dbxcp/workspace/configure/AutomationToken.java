package io.dbxcp.workspace.configure;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The value of the Secrets Manager secret {@code dbxcp/<workspaceName>/automation-token}: the
 * automation principal's on-behalf-of token and what a reader needs to use and rotate it.
 *
 * @param token         the token value; never logged, never in a Ref or an exception
 * @param tokenId       its id in the workspace's token management
 * @param applicationId the service principal it acts as
 * @param expiryTime    ISO-8601 instant it expires at; null if it never does
 * @param workspaceId   the workspace it is valid on
 * @param host          the workspace URL to call with it
 */
@JsonPropertyOrder({"token", "token_id", "application_id", "expiry_time", "workspace_id", "host"})
record AutomationToken(
        @JsonProperty("token") String token,
        @JsonProperty("token_id") String tokenId,
        @JsonProperty("application_id") String applicationId,
        @JsonProperty("expiry_time") String expiryTime,
        @JsonProperty("workspace_id") Long workspaceId,
        @JsonProperty("host") String host) {

    @Override
    public String toString() { // never the token
        return "AutomationToken[tokenId=" + tokenId + ", applicationId=" + applicationId + ", expiryTime=" + expiryTime
                + ", workspaceId=" + workspaceId + ", host=" + host + "]";
    }
}
