package io.dbxcp.secrets.expiry;

import com.databricks.sdk.service.oauth2.SecretInfo;
import com.databricks.sdk.service.settings.TokenInfo;
import io.dbxcp.common.databricks.DatabricksErrors;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.common.json.Json;
import io.dbxcp.secrets.databricks.Failures;
import io.dbxcp.secrets.databricks.WorkspaceDirectory;
import io.dbxcp.secrets.model.OAuthSecret;
import io.dbxcp.common.databricks.OboToken;
import io.dbxcp.secrets.model.SecretKind;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.secrets.model.SecretValues;
import io.dbxcp.secrets.store.ManagedSecret;
import io.dbxcp.secrets.store.SecretStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/**
 * The scheduled check: every secret with a {@code dbxcp:kind} tag is looked at, its credential's
 * expiry read from the secret's current value ({@code expiry_time} of an obo-token, {@code
 * expire_time} of an sp-oauth-secret) or, when the value does not say, from Databricks (token
 * management; the principal's OAuth secrets). A credential that expires within the window, has
 * expired, or no longer exists at Databricks is reported as a {@code Credential Expiring} event on the
 * bus. The value is read to find the expiry and the credential id, and goes nowhere else.
 */
public final class ExpiryCheckService {
    public static final String SOURCE = "dbxcp.controlplane";
    public static final String DETAIL_TYPE = "Credential Expiring";
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryCheckService.class);

    private final SecretStore store;
    private final WorkspaceDirectory directory;
    private final EventBridgeClient events;
    private final String busName;
    private final Duration window;
    private final Clock clock;

    public ExpiryCheckService(SecretStore store, WorkspaceDirectory directory, EventBridgeClient events, String busName, Duration window,
                              Clock clock) {
        this.store = store;
        this.directory = directory;
        this.events = events;
        this.busName = busName;
        this.window = window;
        this.clock = clock;
    }

    public ExpiryReport check() {
        Instant now = clock.instant();
        List<ManagedSecret> secrets = store.listTagged(SecretTags.KIND);
        List<CredentialExpiring> expiring = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int checked = 0;
        for (ManagedSecret s : secrets) {
            Optional<SecretKind> kind = s.kind();
            if (kind.isEmpty()) continue;
            checked++;
            try {
                Found f = switch (kind.get()) {
                    case OBO_TOKEN -> oboToken(s);
                    case SP_OAUTH_SECRET -> oauthSecret(s);
                };
                if (f.expiresAt == null && !f.gone) continue; // never expires
                if (!f.gone && !f.expiresAt.isBefore(now.plus(window))) continue;
                expiring.add(report(s, kind.get(), f, now));
            } catch (TransientException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("the expiry of secret {} could not be read: {}", s.name(), e.getMessage());
                unreadable.add(s.name() + ": " + e.getMessage());
            }
        }
        publish(expiring);
        LOG.info("{} secrets checked, {} expire within {} days or have expired, {} unreadable", checked, expiring.size(), window.toDays(),
                unreadable.size());
        return new ExpiryReport(checked, (int) window.toDays(), List.copyOf(expiring), List.copyOf(unreadable));
    }

    /** A credential's expiry and where it was read, or that it no longer exists. */
    private record Found(String credentialId, String principal, Long workspaceId, Instant expiresAt, String from, boolean gone, String note) {}

    private Found oboToken(ManagedSecret s) {
        OboToken t = SecretValues.oboToken(s.name(), store.current(s.arn()));
        Long workspaceId = s.tags().containsKey(SecretTags.WORKSPACE_ID) ? SecretTags.requiredId(s.tags(), SecretTags.WORKSPACE_ID) : t.workspaceId();
        Optional<Instant> fromValue = instant(t.expiryTime());
        if (fromValue.isPresent()) return new Found(t.tokenId(), t.applicationId(), workspaceId, fromValue.get(), "SECRET_VALUE", false, null);
        if (workspaceId == null || t.tokenId() == null) {
            return new Found(t.tokenId(), t.applicationId(), workspaceId, null, "SECRET_VALUE", false, null);
        }
        try {
            TokenInfo info = DatabricksErrors.call("read token " + t.tokenId(),
                    () -> directory.admin(workspaceId).tokenManagement().get(t.tokenId()).getTokenInfo());
            Long ms = info == null ? null : info.getExpiryTime();
            Instant at = ms == null || ms <= 0 ? null : Instant.ofEpochMilli(ms);
            return new Found(t.tokenId(), t.applicationId(), workspaceId, at, "DATABRICKS_API", false, null);
        } catch (RuntimeException e) {
            if (!Failures.isNotFound(e)) throw e;
            return new Found(t.tokenId(), t.applicationId(), workspaceId, null, "DATABRICKS_API", true,
                    "the token no longer exists on the workspace (expired or revoked)");
        }
    }

    private Found oauthSecret(ManagedSecret s) {
        OAuthSecret o = SecretValues.oauthSecret(s.name(), store.current(s.arn()));
        String spId = s.tags().get(SecretTags.SERVICE_PRINCIPAL_ID);
        Optional<Instant> fromValue = instant(o.expireTime());
        if (fromValue.isPresent()) return new Found(o.secretId(), spId, null, fromValue.get(), "SECRET_VALUE", false, null);
        if (spId == null || o.secretId() == null) return new Found(o.secretId(), spId, null, null, "SECRET_VALUE", false, null);
        List<SecretInfo> all = DatabricksErrors.call("list OAuth secrets of service principal " + spId,
                () -> StreamSupport.stream(directory.clients().account().servicePrincipalSecrets().list(spId).spliterator(), false).toList());
        Optional<SecretInfo> mine = all.stream().filter(i -> o.secretId().equals(i.getId())).findFirst();
        if (mine.isEmpty()) {
            return new Found(o.secretId(), spId, null, null, "DATABRICKS_API", true, "the OAuth secret no longer exists at Databricks");
        }
        return new Found(o.secretId(), spId, null, instant(mine.get().getExpireTime()).orElse(null), "DATABRICKS_API", false, null);
    }

    private static CredentialExpiring report(ManagedSecret s, SecretKind kind, Found f, Instant now) {
        boolean expired = f.gone || !f.expiresAt.isAfter(now);
        Long daysLeft = f.expiresAt == null ? null : Math.max(0, Duration.between(now, f.expiresAt).toDays());
        boolean rotatesFirst = s.rotationEnabled() && s.nextRotationDate() != null && f.expiresAt != null
                && s.nextRotationDate().isBefore(f.expiresAt);
        return new CredentialExpiring(s.arn(), s.name(), kind.tag(), f.credentialId, f.principal, f.workspaceId,
                f.expiresAt == null ? null : f.expiresAt.toString(), daysLeft, expired, f.from, s.rotationEnabled(),
                s.nextRotationDate() == null ? null : s.nextRotationDate().toString(), rotatesFirst, f.note);
    }

    private void publish(List<CredentialExpiring> expiring) {
        for (int i = 0; i < expiring.size(); i += 10) {
            List<PutEventsRequestEntry> entries = expiring.subList(i, Math.min(i + 10, expiring.size())).stream()
                    .map(e -> PutEventsRequestEntry.builder()
                            .eventBusName(busName)
                            .source(SOURCE)
                            .detailType(DETAIL_TYPE)
                            .resources(e.secretArn())
                            .detail(Json.write(e))
                            .build())
                    .toList();
            PutEventsResponse r;
            try {
                r = events.putEvents(b -> b.entries(entries));
            } catch (RuntimeException e) {
                throw new TransientException("put " + DETAIL_TYPE + " events on bus " + busName + ": " + e.getMessage(), e);
            }
            if (r.failedEntryCount() != null && r.failedEntryCount() > 0) {
                throw new TransientException(r.failedEntryCount() + " " + DETAIL_TYPE + " events were not accepted by bus " + busName);
            }
            entries.forEach(e -> LOG.info("{} event put for secret {}", DETAIL_TYPE, e.resources()));
        }
    }

    private static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
