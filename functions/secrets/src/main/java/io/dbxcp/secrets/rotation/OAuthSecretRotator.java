package io.dbxcp.secrets.rotation;

import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.oauth.OAuthM2MServicePrincipalCredentialsProvider;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretRequest;
import com.databricks.sdk.service.oauth2.CreateServicePrincipalSecretResponse;
import com.databricks.sdk.service.oauth2.SecretInfo;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.DatabricksErrors;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.json.Json;
import io.dbxcp.secrets.databricks.Failures;
import io.dbxcp.secrets.model.OAuthSecret;
import io.dbxcp.secrets.model.SecretKind;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.secrets.model.SecretValues;
import io.dbxcp.secrets.store.ManagedSecret;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service principal's OAuth secret (account level, {@code A/servicePrincipals/{id}/credentials/secrets}).
 * The principal is the tag {@code dbxcp:service-principal-id} (its account SCIM id).
 *
 * <ul>
 *   <li>issue: a new secret of the configured lifetime; the old one keeps working. Secrets made after
 *       the current one by earlier attempts whose answers were lost are deleted.
 *   <li>verify: the new client id and secret obtain an OAuth token from the account's token endpoint
 *       ({@code /oidc/accounts/{account_id}/v1/token}, client credentials), through the SDK's own
 *       OAuth M2M provider.
 *   <li>retire: deletes the principal's secrets created before the previous one (never the current
 *       nor the previous), so two secrets stay alive across a rotation.
 * </ul>
 */
public final class OAuthSecretRotator implements CredentialRotator {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthSecretRotator.class);

    private final DatabricksClients clients;
    private final Duration lifetime;

    public OAuthSecretRotator(DatabricksClients clients, Duration lifetime) {
        this.clients = clients;
        this.lifetime = lifetime;
    }

    @Override
    public SecretKind kind() {
        return SecretKind.SP_OAUTH_SECRET;
    }

    @Override
    public Issued issue(ManagedSecret secret, String currentValue) {
        String spId = principalId(secret);
        String clientId = clientId(secret, spId, currentValue);
        CreateServicePrincipalSecretResponse made = DatabricksErrors.call("create an OAuth secret for service principal " + spId,
                () -> clients.account().servicePrincipalSecrets().create(new CreateServicePrincipalSecretRequest()
                        .setServicePrincipalId(spId)
                        .setLifetime(lifetime.toSeconds() + "s")));
        String secretId = made.getId();
        LOG.info("OAuth secret {} created for service principal {} (expires {})", secretId, spId, made.getExpireTime());
        deleteLeftovers(spId, currentSecretId(secret, currentValue), secretId);
        String value = Json.write(new OAuthSecret(clientId, made.getSecret(), secretId, made.getExpireTime()));
        return new Issued(value, secretId, () -> delete(spId, secretId));
    }

    @Override
    public void check(ManagedSecret secret, String pendingValue) {
        OAuthSecret s = SecretValues.oauthSecret(secret.name(), pendingValue);
        if (s.clientId() == null || s.secretId() == null) {
            throw new InvalidRequestException("secret " + secret.name(), "the pending value lacks client_id or secret_id");
        }
    }

    @Override
    public void verify(ManagedSecret secret, String value) {
        OAuthSecret s = SecretValues.oauthSecret(secret.name(), value);
        DatabricksConfig config = new DatabricksConfig()
                .setHost(clients.settings().host())
                .setAccountId(clients.settings().accountId())
                .setClientId(s.clientId())
                .setClientSecret(s.clientSecret())
                .setAuthType("oauth-m2m")
                .setCredentialsProvider(new OAuthM2MServicePrincipalCredentialsProvider())
                .setHttpTimeoutSeconds(clients.settings().httpTimeoutSeconds());
        Map<String, String> headers;
        try {
            headers = config.resolve().authenticate();
        } catch (RuntimeException e) {
            throw new CredentialTestFailedException("OAuth secret " + s.secretId() + " of client " + s.clientId()
                    + " obtained no token from the account token endpoint: " + e.getMessage(), e);
        }
        String auth = headers == null ? null : headers.get("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            throw new CredentialTestFailedException("OAuth secret " + s.secretId() + " of client " + s.clientId()
                    + ": the account token endpoint answered without an access token");
        }
        LOG.info("OAuth secret {} of client {} obtained a token from the account token endpoint", s.secretId(), s.clientId());
    }

    @Override
    public List<String> retire(ManagedSecret secret, String currentValue, Optional<String> previousValue) {
        if (previousValue.isEmpty()) {
            LOG.info("secret {} has no previous version: no older OAuth secret to delete", secret.name());
            return List.of();
        }
        String spId = principalId(secret);
        OAuthSecret current = SecretValues.oauthSecret(secret.name(), currentValue);
        OAuthSecret previous = SecretValues.oauthSecret(secret.name(), previousValue.get());
        List<SecretInfo> all = DatabricksErrors.call("list OAuth secrets of service principal " + spId,
                () -> StreamSupport.stream(clients.account().servicePrincipalSecrets().list(spId).spliterator(), false).toList());
        Optional<Instant> previousCreated = all.stream().filter(i -> i.getId() != null && i.getId().equals(previous.secretId()))
                .findFirst().flatMap(i -> instant(i.getCreateTime()));
        if (previousCreated.isEmpty()) {
            LOG.info("the previous OAuth secret {} of service principal {} is gone or undated: nothing older is deleted", previous.secretId(), spId);
            return List.of();
        }
        Set<String> keep = new java.util.HashSet<>(java.util.Arrays.asList(current.secretId(), previous.secretId()));
        List<String> deleted = new ArrayList<>();
        for (SecretInfo info : all) {
            if (info.getId() == null || keep.contains(info.getId())) continue;
            Optional<Instant> created = instant(info.getCreateTime());
            if (created.isEmpty() || !created.get().isBefore(previousCreated.get())) continue;
            delete(spId, info.getId());
            LOG.info("OAuth secret {} of service principal {} (created {}, before the previous one) deleted", info.getId(), spId, created.get());
            deleted.add(info.getId());
        }
        return List.copyOf(deleted);
    }

    /**
     * The principal's secrets made after the current one, other than the one just made, are what
     * earlier attempts of createSecret left: a create whose answer was lost after Databricks made
     * the secret (the SDK posted again), or one given up on that Databricks served later (Secrets
     * Manager called the step again). Their values were never seen, so nothing can use them: they
     * are deleted (like {@link #retire}, this treats every secret of the principal as this secret's).
     */
    private void deleteLeftovers(String spId, Optional<String> currentId, String madeId) {
        if (currentId.isEmpty()) return;
        List<SecretInfo> all = DatabricksErrors.call("list OAuth secrets of service principal " + spId,
                () -> StreamSupport.stream(clients.account().servicePrincipalSecrets().list(spId).spliterator(), false).toList());
        Optional<Instant> currentCreated = all.stream().filter(i -> currentId.get().equals(i.getId())).findFirst()
                .flatMap(i -> instant(i.getCreateTime()));
        if (currentCreated.isEmpty()) return;
        for (SecretInfo info : all) {
            if (info.getId() == null || info.getId().equals(madeId) || info.getId().equals(currentId.get())) continue;
            if (instant(info.getCreateTime()).filter(created -> created.isAfter(currentCreated.get())).isEmpty()) continue;
            delete(spId, info.getId());
            LOG.info("OAuth secret {} of service principal {} deleted: made after the current one by an earlier createSecret whose"
                    + " answer was lost", info.getId(), spId);
        }
    }

    private static Optional<String> currentSecretId(ManagedSecret secret, String currentValue) {
        if (currentValue == null) return Optional.empty();
        try {
            return Optional.ofNullable(SecretValues.oauthSecret(secret.name(), currentValue).secretId()).filter(id -> !id.isBlank());
        } catch (InvalidRequestException notOurShape) {
            return Optional.empty();
        }
    }

    private void delete(String spId, String secretId) {
        try {
            DatabricksErrors.run("delete OAuth secret " + secretId + " of service principal " + spId,
                    () -> clients.account().servicePrincipalSecrets().delete(spId, secretId));
        } catch (RuntimeException e) {
            if (!Failures.isNotFound(e)) throw e;
        }
    }

    private String clientId(ManagedSecret secret, String spId, String currentValue) {
        if (currentValue != null) {
            try {
                OAuthSecret current = SecretValues.oauthSecret(secret.name(), currentValue);
                if (current.clientId() != null && !current.clientId().isBlank()) return current.clientId();
            } catch (InvalidRequestException notOurShape) {
                LOG.info("the current value of secret {} is not an OAuth secret: the client id is read from the account", secret.name());
            }
        }
        return DatabricksErrors.call("read service principal " + spId, () -> clients.account().servicePrincipals().get(spId).getApplicationId());
    }

    private static String principalId(ManagedSecret secret) {
        return Long.toString(SecretTags.requiredId(secret.tags(), SecretTags.SERVICE_PRINCIPAL_ID));
    }

    private static Optional<Instant> instant(String text) {
        if (text == null) return Optional.empty();
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
