package io.dbxcp.secrets.rotation;

import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.secrets.model.SecretKind;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.secrets.store.ManagedSecret;
import io.dbxcp.secrets.store.SecretStore;
import io.dbxcp.secrets.sync.ScopeSyncService;
import io.dbxcp.secrets.sync.SyncResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Secrets Manager's rotation contract, for the kinds of {@link CredentialRotator}. Every step is safe
 * to call again: Secrets Manager retries a failed step, and may call one twice.
 *
 * <p>Before any step: the secret must have rotation enabled, and the version {@code
 * ClientRequestToken} must exist; a version that already holds AWSCURRENT means this rotation is
 * finished (nothing to do, except that a repeated finishSecret completes its sync and retirement);
 * any other version must hold AWSPENDING.
 *
 * <ol>
 *   <li>createSecret: if the pending version already has a value, nothing; else a new credential is
 *       made at Databricks beside the current one and stored as the pending version (deleted again
 *       if it cannot be stored).
 *   <li>setSecret: Databricks issued the credential at createSecret, so there is nothing to set; the
 *       pending value is checked.
 *   <li>testSecret: the pending credential is used against Databricks (an OAuth token from the account
 *       token endpoint; a workspace API call as the token). A failure leaves AWSCURRENT untouched.
 *   <li>finishSecret: AWSCURRENT moves to the pending version (Secrets Manager moves AWSPREVIOUS to the
 *       old current), AWSPENDING is removed; the new value is written into the secret's scopes (best
 *       effort: the RotationSucceeded event syncs again); then the credentials older than the previous
 *       one are retired, so two stay alive.
 * </ol>
 */
public final class RotationService {
    private static final Logger LOG = LoggerFactory.getLogger(RotationService.class);

    private final SecretStore store;
    private final Map<SecretKind, CredentialRotator> rotators = new EnumMap<>(SecretKind.class);
    private final ScopeSyncService sync;

    public RotationService(SecretStore store, List<CredentialRotator> rotators, ScopeSyncService sync) {
        this.store = store;
        rotators.forEach(r -> this.rotators.put(r.kind(), r));
        this.sync = sync;
    }

    public RotationOutcome rotate(RotationEvent event) {
        if (event.secretId() == null || event.secretId().isBlank()) throw new InvalidRequestException("SecretId", "is missing");
        if (event.clientRequestToken() == null || event.clientRequestToken().isBlank()) {
            throw new InvalidRequestException("ClientRequestToken", "is missing");
        }
        RotationStep step = RotationStep.of(event.step());
        String token = event.clientRequestToken();
        ManagedSecret secret = store.describe(event.secretId());
        if (!secret.rotationEnabled()) {
            throw new PreconditionFailedException("secret " + secret.name() + " is not enabled for rotation");
        }
        if (!secret.hasVersion(token)) {
            throw new PreconditionFailedException("version " + token + " of secret " + secret.name() + " has no stage for rotation");
        }
        CredentialRotator rotator = rotator(secret);
        List<String> stages = secret.stagesOf(token);
        if (stages.contains(ManagedSecret.CURRENT)) {
            if (step == RotationStep.FINISH) return finishAgain(secret, rotator, token);
            LOG.info("{}: version {} of secret {} already holds AWSCURRENT: nothing to do", step.wire(), token, secret.name());
            return RotationOutcome.of(secret.arn(), step, token, "ALREADY_CURRENT");
        }
        if (!stages.contains(ManagedSecret.PENDING)) {
            throw new PreconditionFailedException("version " + token + " of secret " + secret.name() + " is not labelled AWSPENDING");
        }
        return switch (step) {
            case CREATE -> create(secret, rotator, token, event.rotationToken());
            case SET -> set(secret, rotator, token);
            case TEST -> test(secret, rotator, token);
            case FINISH -> finish(secret, rotator, token);
        };
    }

    private RotationOutcome create(ManagedSecret secret, CredentialRotator rotator, String token, String rotationToken) {
        String current = currentValue(secret);
        if (store.value(secret.arn(), token, ManagedSecret.PENDING).isPresent()) {
            LOG.info("createSecret: version {} of secret {} already holds the new credential", token, secret.name());
            return RotationOutcome.of(secret.arn(), RotationStep.CREATE, token, "ALREADY_CREATED");
        }
        CredentialRotator.Issued issued = rotator.issue(secret, current);
        try {
            store.putPending(secret.arn(), token, issued.value(), rotationToken);
        } catch (RuntimeException e) {
            discard(secret, issued);
            throw e;
        }
        LOG.info("createSecret: new {} {} stored as version {} (AWSPENDING) of secret {}", rotator.kind().tag(), issued.credentialId(), token,
                secret.name());
        return RotationOutcome.of(secret.arn(), RotationStep.CREATE, token, "CREATED");
    }

    private RotationOutcome set(ManagedSecret secret, CredentialRotator rotator, String token) {
        rotator.check(secret, pending(secret, token));
        LOG.info("setSecret: Databricks issued the credential of version {} at createSecret: nothing to set", token);
        return RotationOutcome.of(secret.arn(), RotationStep.SET, token, "NOTHING_TO_SET");
    }

    private RotationOutcome test(ManagedSecret secret, CredentialRotator rotator, String token) {
        Optional<String> pending = store.value(secret.arn(), token, ManagedSecret.PENDING);
        if (pending.isEmpty()) { // RotateSecret with RotateImmediately=false checks the configuration with testSecret alone
            LOG.info("testSecret: version {} of secret {} holds no value yet (a configuration check): nothing to test", token, secret.name());
            return RotationOutcome.of(secret.arn(), RotationStep.TEST, token, "NOTHING_TO_TEST");
        }
        rotator.verify(secret, pending.get());
        LOG.info("testSecret: the credential of version {} of secret {} works", token, secret.name());
        return RotationOutcome.of(secret.arn(), RotationStep.TEST, token, "TESTED");
    }

    private RotationOutcome finish(ManagedSecret secret, CredentialRotator rotator, String token) {
        String value = pending(secret, token);
        rotator.check(secret, value);
        Optional<String> current = secret.versionWith(ManagedSecret.CURRENT);
        store.makeCurrent(secret.arn(), token, current.orElse(null));
        store.removeLabel(secret.arn(), ManagedSecret.PENDING, token);
        LOG.info("finishSecret: version {} of secret {} is now AWSCURRENT (was {})", token, secret.name(), current.orElse("none"));
        return complete(secret, rotator, token, value);
    }

    /** finishSecret again after the switch: removes a leftover AWSPENDING, then syncs and retires (both idempotent). */
    private RotationOutcome finishAgain(ManagedSecret secret, CredentialRotator rotator, String token) {
        if (secret.stagesOf(token).contains(ManagedSecret.PENDING)) store.removeLabel(secret.arn(), ManagedSecret.PENDING, token);
        String value = store.value(secret.arn(), token, ManagedSecret.CURRENT).orElseThrow(() -> new PreconditionFailedException(
                "the current version " + token + " of secret " + secret.name() + " holds no value"));
        LOG.info("finishSecret: version {} of secret {} already holds AWSCURRENT: completing sync and retirement", token, secret.name());
        return complete(secret, rotator, token, value);
    }

    private RotationOutcome complete(ManagedSecret before, CredentialRotator rotator, String token, String value) {
        ManagedSecret secret = store.describe(before.arn());
        Optional<String> previous = secret.versionWith(ManagedSecret.PREVIOUS)
                .flatMap(v -> store.value(secret.arn(), v, ManagedSecret.PREVIOUS));
        List<String> synced = syncScopes(secret, token, value);
        List<String> retired = rotator.retire(secret, value, previous);
        return new RotationOutcome(secret.arn(), RotationStep.FINISH.wire(), token, "FINISHED", retired, synced);
    }

    /** Best effort: the switch is done; a failed write is done again by the RotationSucceeded event's sync-secret-scopes run. */
    private List<String> syncScopes(ManagedSecret secret, String token, String value) {
        try {
            SyncResult r = sync.write(secret, token, value);
            return r.targets().stream().map(t -> t.workspaceId() + "/" + t.scope() + "/" + t.key()).toList();
        } catch (RuntimeException e) {
            LOG.warn("finishSecret: secret {} was switched, but writing it into its secret scopes failed ({}); the sync-secret-scopes "
                    + "workflow started by the RotationSucceeded event writes it again", secret.name(), e.toString());
            return List.of();
        }
    }

    private CredentialRotator rotator(ManagedSecret secret) {
        String tag = secret.tags().get(SecretTags.KIND);
        SecretKind kind = secret.kind().orElseThrow(() -> new InvalidRequestException("tag " + SecretTags.KIND + " of secret " + secret.name(),
                tag == null ? "is missing: this function rotates only secrets of a dbxcp kind" : "'" + tag + "' is not a kind this function rotates"));
        CredentialRotator r = rotators.get(kind);
        if (r == null) throw new InvalidRequestException("tag " + SecretTags.KIND, "no rotator for kind " + kind.tag());
        return r;
    }

    private String currentValue(ManagedSecret secret) {
        try {
            return store.current(secret.arn());
        } catch (ResourceNotFoundException noValue) {
            return null;
        }
    }

    private String pending(ManagedSecret secret, String token) {
        return store.value(secret.arn(), token, ManagedSecret.PENDING).orElseThrow(() -> new PreconditionFailedException(
                "version " + token + " of secret " + secret.name() + " holds no value: createSecret has not stored one"));
    }

    private static void discard(ManagedSecret secret, CredentialRotator.Issued issued) {
        try {
            issued.discard().run();
            LOG.warn("createSecret: credential {} deleted again: it could not be stored in secret {}", issued.credentialId(), secret.name());
        } catch (RuntimeException cleanup) {
            LOG.warn("createSecret: credential {} could neither be stored in secret {} nor deleted ({}); it expires by itself",
                    issued.credentialId(), secret.name(), cleanup.getClass().getSimpleName());
        }
    }
}
