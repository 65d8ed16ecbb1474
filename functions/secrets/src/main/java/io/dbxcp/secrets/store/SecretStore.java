package io.dbxcp.secrets.store;

import io.dbxcp.common.errors.TransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.dbxcp.common.aws.AwsCalls;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.RotateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.RotationRulesType;

/**
 * The Secrets Manager calls of this module, each named for what it does to the staging labels.
 * Values pass through and are returned, never logged. Throttling, 5xx and network failures become
 * {@link TransientException} (retried by Secrets Manager for the rotation function, by the state
 * machines for Tasks); anything else is the SDK's own exception.
 */
public final class SecretStore {
    private final SecretsManagerClient client;

    public SecretStore(SecretsManagerClient client) {
        this.client = client;
    }

    public ManagedSecret describe(String secretId) {
        return ManagedSecret.of(call("describe secret " + secretId, () -> client.describeSecret(b -> b.secretId(secretId))));
    }

    /** The value of the version that holds AWSCURRENT (asked by label: a version id alone is not enough after a label moved). */
    public String current(String secretId) {
        return call("read the current value of " + secretId,
                () -> client.getSecretValue(b -> b.secretId(secretId).versionStage(ManagedSecret.CURRENT)).secretString());
    }

    /** A version of a secret and its value, read in one call. */
    public record Version(String versionId, String value) {
        @Override
        public String toString() { // never the value
            return "Version[" + versionId + "]";
        }
    }

    /** The version that holds AWSCURRENT and its value, read together (so a label moving meanwhile cannot split them). */
    public Version currentVersion(String secretId) {
        var r = call("read the current value of " + secretId,
                () -> client.getSecretValue(b -> b.secretId(secretId).versionStage(ManagedSecret.CURRENT)));
        return new Version(r.versionId(), r.secretString());
    }

    /** The value of a version if it holds {@code stage} and has a value; empty when it has none yet. */
    public Optional<String> value(String secretId, String versionId, String stage) {
        try {
            return Optional.ofNullable(call("read version " + versionId + " (" + stage + ") of " + secretId,
                    () -> client.getSecretValue(b -> b.secretId(secretId).versionId(versionId).versionStage(stage)).secretString()));
        } catch (ResourceNotFoundException noValue) {
            return Optional.empty();
        }
    }

    /**
     * Stores the new credential as version {@code versionId} with the label AWSPENDING. The rotation
     * token Secrets Manager passed to the rotation function is handed back when it gave one.
     */
    public void putPending(String secretId, String versionId, String value, String rotationToken) {
        call("put the pending value of " + secretId, () -> client.putSecretValue(b -> {
            b.secretId(secretId).clientRequestToken(versionId).secretString(value).versionStages(ManagedSecret.PENDING);
            if (rotationToken != null && !rotationToken.isBlank()) b.rotationToken(rotationToken);
        }));
    }

    /** Moves AWSCURRENT from {@code fromVersion} to {@code toVersion}; Secrets Manager moves AWSPREVIOUS to {@code fromVersion}. */
    public void makeCurrent(String secretId, String toVersion, String fromVersion) {
        call("move AWSCURRENT of " + secretId + " to " + toVersion, () -> client.updateSecretVersionStage(b -> b
                .secretId(secretId).versionStage(ManagedSecret.CURRENT).moveToVersionId(toVersion).removeFromVersionId(fromVersion)));
    }

    public void removeLabel(String secretId, String stage, String fromVersion) {
        call("remove " + stage + " from version " + fromVersion + " of " + secretId,
                () -> client.updateSecretVersionStage(b -> b.secretId(secretId).versionStage(stage).removeFromVersionId(fromVersion)));
    }

    /** Starts a rotation with the secret's own rotation configuration; the new version's id is {@code versionId}. */
    public String rotate(String secretId, String versionId) {
        RotateSecretResponse r = call("rotate secret " + secretId, () -> client.rotateSecret(b -> b.secretId(secretId).clientRequestToken(versionId)));
        return r.versionId();
    }

    /**
     * Puts the secret under rotation by {@code functionArn} on {@code rules}, without rotating now:
     * Secrets Manager checks the configuration by calling the function's testSecret step.
     */
    public void enableRotation(String secretId, String functionArn, RotationRulesType rules) {
        call("turn on rotation of " + secretId, () -> client.rotateSecret(b -> b
                .secretId(secretId).rotationLambdaARN(functionArn).rotationRules(rules).rotateImmediately(false)));
    }

    /** Every secret (not scheduled for deletion) that carries the tag key {@code tagKey}, all pages. */
    public List<ManagedSecret> listTagged(String tagKey) {
        List<ManagedSecret> out = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListSecretsResponse page = call("list secrets tagged " + tagKey, () -> client.listSecrets(b -> b
                    .filters(Filter.builder().key(FilterNameStringType.TAG_KEY).values(tagKey).build())
                    .maxResults(100)
                    .nextToken(token)));
            if (page.hasSecretList()) page.secretList().stream().map(ManagedSecret::of).filter(s -> !s.deleted()).forEach(out::add);
            next = page.nextToken();
        } while (next != null && !next.isBlank());
        return out;
    }

    public SecretsManagerClient client() {
        return client;
    }

    /** A Secrets Manager call: throttling, 5xx and network failures become {@link TransientException}. */
    static <T> T call(String what, Supplier<T> call) {
        return AwsCalls.call(what, call);
    }
}
