package io.dbxcp.secrets.rotation;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.service.iam.MeRequest;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.settings.CreateOboTokenResponse;
import com.databricks.sdk.service.settings.TokenInfo;
import io.dbxcp.common.databricks.DatabricksErrors;
import io.dbxcp.common.databricks.OboTokens;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.json.Json;
import io.dbxcp.secrets.databricks.Failures;
import io.dbxcp.secrets.databricks.WorkspaceDirectory;
import io.dbxcp.common.databricks.OboToken;
import io.dbxcp.secrets.model.SecretKind;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.secrets.model.SecretValues;
import io.dbxcp.secrets.store.ManagedSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service principal's on-behalf-of token on one workspace (tags {@code dbxcp:workspace-id} and
 * {@code dbxcp:application-id}, else the fields of the current value).
 *
 * <ul>
 *   <li>issue: token management makes a new token on behalf of the principal, with the configured
 *       lifetime and a comment starting with {@code dbxcp}; the old token keeps working. Tokens of
 *       that comment made after the current one by earlier attempts whose answers were lost are revoked.
 *   <li>verify: a workspace client authenticated with the new token alone (PAT auth, the workspace's
 *       host and {@code X-Databricks-Workspace-Id}) reads {@code /api/2.0/preview/scim/v2/Me}, and
 *       the identity it answers must be the principal.
 *   <li>retire: revokes the principal's tokens on the workspace that were made before the previous
 *       token and carry a {@code dbxcp} comment (the previous-but-one and any older), never the
 *       current nor the previous; so two tokens stay alive across a rotation.
 * </ul>
 */
public final class OboTokenRotator implements CredentialRotator {
    /** Every token this control plane makes carries a comment that starts so; others are never revoked. */
    public static final String COMMENT_PREFIX = "dbxcp";
    private static final Logger LOG = LoggerFactory.getLogger(OboTokenRotator.class);

    private final WorkspaceDirectory directory;
    private final Duration lifetime;

    public OboTokenRotator(WorkspaceDirectory directory, Duration lifetime) {
        this.directory = directory;
        this.lifetime = lifetime;
    }

    @Override
    public SecretKind kind() {
        return SecretKind.OBO_TOKEN;
    }

    @Override
    public Issued issue(ManagedSecret secret, String currentValue) {
        Optional<OboToken> current = Optional.ofNullable(currentValue).flatMap(v -> lenient(secret, v));
        long workspaceId = workspaceId(secret, current);
        String applicationId = applicationId(secret, current);
        WorkspaceClient ws = directory.admin(workspaceId);
        String comment = COMMENT_PREFIX + " rotation of " + secret.name();
        CreateOboTokenResponse made = DatabricksErrors.call("create an on-behalf-of token for " + applicationId + " on workspace " + workspaceId,
                () -> ws.tokenManagement().createOboToken(new CreateOboTokenRequest()
                        .setApplicationId(applicationId)
                        .setLifetimeSeconds(lifetime.toSeconds())
                        .setComment(comment)));
        TokenInfo info = made.getTokenInfo();
        String tokenId = info.getTokenId();
        revokeLeftovers(ws, workspaceId, current.map(OboToken::tokenId), tokenId, comment);
        String expiry = info.getExpiryTime() == null || info.getExpiryTime() <= 0 ? null : Instant.ofEpochMilli(info.getExpiryTime()).toString();
        String host = current.map(OboToken::host).filter(h -> !h.isBlank()).orElseGet(() -> ws.config().getHost());
        LOG.info("on-behalf-of token {} created for {} on workspace {} (expires {})", tokenId, applicationId, workspaceId, expiry);
        String value = Json.write(new OboToken(made.getTokenValue(), tokenId, applicationId, expiry, workspaceId, host));
        return new Issued(value, tokenId, () -> OboTokens.revoke(ws, tokenId));
    }

    @Override
    public void check(ManagedSecret secret, String pendingValue) {
        OboToken t = SecretValues.oboToken(secret.name(), pendingValue);
        if (t.tokenId() == null || t.applicationId() == null) {
            throw new InvalidRequestException("secret " + secret.name(), "the pending value lacks token_id or application_id");
        }
    }

    @Override
    public void verify(ManagedSecret secret, String value) {
        OboToken t = SecretValues.oboToken(secret.name(), value);
        long workspaceId = workspaceId(secret, Optional.of(t));
        String host = directory.admin(workspaceId).config().getHost();
        DatabricksConfig config = new DatabricksConfig()
                .setHost(host)
                .setWorkspaceId(Long.toString(workspaceId))
                .setToken(t.token())
                .setAuthType("pat")
                .setHttpTimeoutSeconds(directory.clients().settings().httpTimeoutSeconds());
        User me;
        try {
            me = new WorkspaceClient(config).currentUser().me(new MeRequest());
        } catch (RuntimeException e) {
            throw new CredentialTestFailedException("on-behalf-of token " + t.tokenId() + " was refused by workspace " + workspaceId + ": "
                    + e.getMessage(), e);
        }
        String acting = me == null ? null : me.getUserName();
        if (t.applicationId() != null && acting != null && !t.applicationId().equalsIgnoreCase(acting)) {
            throw new CredentialTestFailedException("on-behalf-of token " + t.tokenId() + " acts as " + acting + ", not as service principal "
                    + t.applicationId());
        }
        LOG.info("on-behalf-of token {} works on workspace {} as {}", t.tokenId(), workspaceId, acting);
    }

    @Override
    public List<String> retire(ManagedSecret secret, String currentValue, Optional<String> previousValue) {
        if (previousValue.isEmpty()) {
            LOG.info("secret {} has no previous version: no older token to revoke", secret.name());
            return List.of();
        }
        OboToken current = SecretValues.oboToken(secret.name(), currentValue);
        OboToken previous = SecretValues.oboToken(secret.name(), previousValue.get());
        long workspaceId = workspaceId(secret, Optional.of(current));
        WorkspaceClient ws = directory.admin(workspaceId);
        TokenInfo previousInfo;
        try {
            previousInfo = DatabricksErrors.call("read token " + previous.tokenId(), () -> ws.tokenManagement().get(previous.tokenId()).getTokenInfo());
        } catch (RuntimeException e) {
            if (!Failures.isNotFound(e)) throw e;
            previousInfo = null;
        }
        if (previousInfo == null || previousInfo.getOwnerId() == null || previousInfo.getCreationTime() == null) {
            LOG.info("the previous token {} of secret {} no longer exists: nothing older is revoked", previous.tokenId(), secret.name());
            return List.of();
        }
        TokenInfo before = previousInfo;
        List<TokenInfo> tokens = OboTokens.list(ws, workspaceId);
        List<String> revoked = new ArrayList<>();
        for (TokenInfo info : tokens) {
            if (info.getTokenId() == null || info.getTokenId().equals(current.tokenId()) || info.getTokenId().equals(previous.tokenId())) continue;
            if (!Objects.equals(info.getOwnerId(), before.getOwnerId())) continue;
            if (info.getCreationTime() == null || info.getCreationTime() >= before.getCreationTime()) continue;
            if (info.getComment() == null || !info.getComment().startsWith(COMMENT_PREFIX)) continue;
            OboTokens.revoke(ws, info.getTokenId());
            LOG.info("token {} of {} on workspace {} (made before the previous token) revoked", info.getTokenId(), current.applicationId(), workspaceId);
            revoked.add(info.getTokenId());
        }
        return List.copyOf(revoked);
    }

    /**
     * The principal's tokens of this rotation's comment made after the current one, other than the
     * one just made, are what earlier attempts of createSecret left: a create whose answer was lost
     * after Databricks made the token (the SDK posted again), or one given up on that Databricks
     * served later (Secrets Manager called the step again). Nobody ever saw their values: revoked.
     */
    private static void revokeLeftovers(WorkspaceClient ws, long workspaceId, Optional<String> currentId, String madeId, String comment) {
        if (currentId.isEmpty()) return;
        List<TokenInfo> tokens = OboTokens.list(ws, workspaceId);
        TokenInfo current = tokens.stream().filter(t -> currentId.get().equals(t.getTokenId())).findFirst().orElse(null);
        if (current == null || current.getOwnerId() == null || current.getCreationTime() == null) return;
        OboTokens.revokeLeftovers(ws, workspaceId, tokens, comment, current.getOwnerId(), current.getCreationTime() + 1,
                Set.of(madeId, current.getTokenId()));
    }

    private static long workspaceId(ManagedSecret secret, Optional<OboToken> value) {
        if (secret.tags().containsKey(SecretTags.WORKSPACE_ID)) return SecretTags.requiredId(secret.tags(), SecretTags.WORKSPACE_ID);
        return value.map(OboToken::workspaceId).orElseThrow(() -> new InvalidRequestException("tag " + SecretTags.WORKSPACE_ID
                + " of secret " + secret.name(), "is missing, and the current value names no workspace_id"));
    }

    private static String applicationId(ManagedSecret secret, Optional<OboToken> value) {
        String tag = secret.tags().get(SecretTags.APPLICATION_ID);
        if (tag != null && !tag.isBlank()) return tag;
        return value.map(OboToken::applicationId).filter(a -> !a.isBlank()).orElseThrow(() -> new InvalidRequestException("tag "
                + SecretTags.APPLICATION_ID + " of secret " + secret.name(), "is missing, and the current value names no application_id"));
    }

    private static Optional<OboToken> lenient(ManagedSecret secret, String value) {
        try {
            return Optional.of(SecretValues.oboToken(secret.name(), value));
        } catch (InvalidRequestException notOurShape) {
            return Optional.empty();
        }
    }
}
