package io.dbxcp.secrets.store;

import io.dbxcp.secrets.model.SecretKind;
import io.dbxcp.secrets.model.SecretTags;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * What Secrets Manager says about a secret (never its value): its tags, which version holds which
 * staging label, and its rotation configuration.
 */
public record ManagedSecret(
        String arn,
        String name,
        Map<String, String> tags,
        Map<String, List<String>> versions,
        boolean rotationEnabled,
        String rotationLambdaArn,
        Instant nextRotationDate,
        boolean deleted) {

    public static final String CURRENT = "AWSCURRENT";
    public static final String PENDING = "AWSPENDING";
    public static final String PREVIOUS = "AWSPREVIOUS";

    static ManagedSecret of(DescribeSecretResponse d) {
        return new ManagedSecret(d.arn(), d.name(), tags(d.hasTags() ? d.tags() : List.of()),
                d.hasVersionIdsToStages() ? Map.copyOf(d.versionIdsToStages()) : Map.of(),
                Boolean.TRUE.equals(d.rotationEnabled()), d.rotationLambdaARN(), d.nextRotationDate(), d.deletedDate() != null);
    }

    static ManagedSecret of(SecretListEntry e) {
        return new ManagedSecret(e.arn(), e.name(), tags(e.hasTags() ? e.tags() : List.of()),
                e.hasSecretVersionsToStages() ? Map.copyOf(e.secretVersionsToStages()) : Map.of(),
                Boolean.TRUE.equals(e.rotationEnabled()), e.rotationLambdaARN(), e.nextRotationDate(), e.deletedDate() != null);
    }

    public Optional<SecretKind> kind() {
        return SecretTags.kind(tags);
    }

    /** The version that holds {@code stage}, if one does. */
    public Optional<String> versionWith(String stage) {
        return versions.entrySet().stream().filter(e -> e.getValue() != null && e.getValue().contains(stage)).map(Map.Entry::getKey)
                .sorted().findFirst();
    }

    /** The staging labels of a version; empty when the version is unknown or holds none. */
    public List<String> stagesOf(String versionId) {
        List<String> stages = versions.get(versionId);
        return stages == null ? List.of() : stages;
    }

    public boolean hasVersion(String versionId) {
        return versions.containsKey(versionId);
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return Map.copyOf(m);
    }
}
