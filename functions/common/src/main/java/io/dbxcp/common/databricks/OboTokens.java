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

    /** Every token of the workspace (token management). */
    public static List<TokenInfo> list(WorkspaceClient ws, long workspaceId) {
        return DatabricksErrors.call("list tokens of workspace " + workspaceId,
                () -> StreamSupport.stream(ws.tokenManagement().list(new ListTokenManagementRequest()).spliterator(), false).toList());
    }

    /** Revokes a token; one already gone is fine. */
    public static void revoke(WorkspaceClient ws, String tokenId) {
        try {
            DatabricksErrors.run("revoke token " + tokenId, () -> ws.tokenManagement().delete(tokenId));
        } catch (RuntimeException e) {
            if (!DatabricksErrors.isNotFound(e)) throw e;
        }
    }

    /**
     * Revokes those of {@code tokens} (the workspace's, {@link #list}) with {@code comment} made at or after
     * {@code sinceMs} (epoch ms) and, when {@code ownerId} is given, owned by it, other than those in {@code keep}.
     * Returns the ids revoked.
     */
    public static List<String> revokeLeftovers(WorkspaceClient ws, long workspaceId, List<TokenInfo> tokens, String comment,
                                               Long ownerId, long sinceMs, Set<String> keep) {
        List<String> revoked = new ArrayList<>();
        for (TokenInfo t : tokens) {
            if (t.getTokenId() == null || keep.contains(t.getTokenId()) || !comment.equals(t.getComment())) continue;
            if (ownerId != null && !Objects.equals(t.getOwnerId(), ownerId)) continue;
            if (t.getCreationTime() == null || t.getCreationTime() < sinceMs) continue;
            revoke(ws, t.getTokenId());
            LOG.info("token {} on workspace {} revoked: made by an earlier create whose answer was lost", t.getTokenId(), workspaceId);
            revoked.add(t.getTokenId());
        }
        return revoked;
    }
}
