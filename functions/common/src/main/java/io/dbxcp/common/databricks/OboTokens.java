package io.dbxcp.common.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.settings.ListTokenManagementRequest;
import com.databricks.sdk.service.settings.TokenInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On-behalf-of tokens left by creates whose answers were lost after Databricks made them (the SDK posted
 * again, or the step was run again): nobody ever saw their values, so they are revoked. Used by
 * provision-workspace (the automation token) and the rotation function.
 */
public final class OboTokens {
    private static final Logger LOG = LoggerFactory.getLogger(OboTokens.class);

    private OboTokens() {}

    /**
     * Revokes the workspace's tokens with {@code comment} made after {@code sinceMs} (epoch ms) and, when
     * {@code ownerId} is given, owned by it, other than those in {@code keep}. Returns the ids revoked.
     */
    public static List<String> revokeLeftovers(WorkspaceClient ws, long workspaceId, String comment, Long ownerId, long sinceMs,
                                               Set<String> keep) {
        List<TokenInfo> tokens = DatabricksErrors.call("list tokens of workspace " + workspaceId,
                () -> StreamSupport.stream(ws.tokenManagement().list(new ListTokenManagementRequest()).spliterator(), false).toList());
        List<String> revoked = new ArrayList<>();
        for (TokenInfo t : tokens) {
            if (t.getTokenId() == null || keep.contains(t.getTokenId()) || !comment.equals(t.getComment())) continue;
            if (ownerId != null && !Objects.equals(t.getOwnerId(), ownerId)) continue;
            if (t.getCreationTime() == null || t.getCreationTime() < sinceMs) continue;
            try {
                DatabricksErrors.run("revoke token " + t.getTokenId(), () -> ws.tokenManagement().delete(t.getTokenId()));
            } catch (RuntimeException e) {
                if (!DatabricksErrors.isNotFound(e)) throw e;
            }
            LOG.info("token {} on workspace {} revoked: made by an earlier create whose answer was lost", t.getTokenId(), workspaceId);
            revoked.add(t.getTokenId());
        }
        return revoked;
    }
}
