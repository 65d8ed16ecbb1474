package io.dbxcp.accounts.kms;

import static io.dbxcp.accounts.access.AwsSteps.call;
import static io.dbxcp.accounts.access.AwsSteps.find;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.model.Change;
import io.dbxcp.accounts.model.KeysResult;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.accounts.policy.Documents;
import io.dbxcp.accounts.policy.Policies;
import io.dbxcp.common.aws.AwsCalls;
import io.dbxcp.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Step EnsureKmsKeys: the workspace storage key and the managed services key, each a symmetric
 * customer managed key found by its alias ({@code alias/<prefix>-storage}, {@code -managed-services}),
 * or by its {@code dbxcp:alias} tag when a run stopped between making the key and its alias. Made
 * when missing; put right when it drifted: enabled again (a deletion cancelled), automatic rotation
 * on, and the statements of {@link Documents} in its key policy (statements others added are kept).
 */
public final class KeysService {
    public static final String KEY = "kms-key";
    static final String ALIAS_TAG = "dbxcp:alias";
    private static final Logger LOG = LoggerFactory.getLogger(KeysService.class);

    public KeysResult ensure(Plan p, KmsClient kms) {
        List<Change> changes = new ArrayList<>();
        KeysResult.Key storage = key(kms, p, p.names().storageKeyAlias(), "Databricks workspace storage (root bucket, EBS, data lake) of " + p.baseName(),
                Documents.storageKeyStatements(p), changes);
        KeysResult.Key managed = key(kms, p, p.names().managedServicesKeyAlias(), "Databricks managed services (notebooks, secrets, queries) of "
                + p.baseName(), Documents.managedServicesKeyStatements(p), changes);
        LOG.info("KMS keys in place: {} change(s)", changes.size());
        return new KeysResult(storage, managed, changes);
    }

    private KeysResult.Key key(KmsClient kms, Plan p, String alias, String description, List<ObjectNode> statements, List<Change> changes) {
        Optional<KeyMetadata> found = find("kms:DescribeKey " + alias, () -> kms.describeKey(b -> b.keyId(alias)).keyMetadata(), NotFoundException.class);
        boolean created = false;
        KeyMetadata key;
        if (found.isPresent()) {
            key = found.get();
        } else {
            Optional<KeyMetadata> tagged = byTag(kms, alias);
            if (tagged.isPresent()) {
                key = tagged.get();
                LOG.info("key {} found by its tag; giving it its alias {}", key.arn(), alias);
            } else {
                ObjectNode policy = Policies.document(statements);
                key = call("kms:CreateKey " + alias, () -> kms.createKey(b -> b.description(description).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                        .keySpec(KeySpec.SYMMETRIC_DEFAULT).policy(Json.write(policy))
                        .tags(Tag.builder().tagKey(ALIAS_TAG).tagValue(alias).build(),
                                Tag.builder().tagKey("dbxcp:onboarding").tagValue(p.prefix()).build())).keyMetadata());
                created = true;
                changes.add(Change.created(KEY, key.arn()));
                LOG.info("key {} created for {}", key.arn(), alias);
            }
            String keyId = key.keyId();
            call("kms:CreateAlias " + alias, () -> kms.createAlias(b -> b.aliasName(alias).targetKeyId(keyId)));
            if (!created) changes.add(Change.updated(KEY, key.arn(), "alias " + alias + " was missing"));
        }
        String keyId = key.keyId();
        if (key.keyState() == KeyState.PENDING_DELETION) {
            call("kms:CancelKeyDeletion " + alias, () -> kms.cancelKeyDeletion(b -> b.keyId(keyId)));
            changes.add(Change.updated(KEY, key.arn(), "its deletion was scheduled; cancelled"));
        }
        if (key.keyState() == KeyState.DISABLED || key.keyState() == KeyState.PENDING_DELETION) {
            call("kms:EnableKey " + alias, () -> kms.enableKey(b -> b.keyId(keyId)));
            changes.add(Change.updated(KEY, key.arn(), "was " + key.keyStateAsString() + "; enabled"));
        }
        if (!created) {
            String present = call("kms:GetKeyPolicy " + alias, () -> kms.getKeyPolicy(b -> b.keyId(keyId).policyName("default")).policy());
            Policies.Merge merge = Policies.merge(Policies.parse(present), statements);
            if (merge.changed()) {
                call("kms:PutKeyPolicy " + alias, () -> kms.putKeyPolicy(b -> b.keyId(keyId).policyName("default").policy(Json.write(merge.document()))));
                changes.add(Change.updated(KEY, key.arn(), "key policy statements " + merge.drifted()));
                LOG.info("key {}: policy statements {} put right", key.arn(), merge.drifted());
            }
        }
        boolean rotating = call("kms:GetKeyRotationStatus " + alias, () -> kms.getKeyRotationStatus(b -> b.keyId(keyId)).keyRotationEnabled());
        if (!rotating) {
            call("kms:EnableKeyRotation " + alias, () -> kms.enableKeyRotation(b -> b.keyId(keyId)));
            if (!created) changes.add(Change.updated(KEY, key.arn(), "automatic rotation was off; turned on"));
        }
        return new KeysResult.Key(key.arn(), keyId, alias, true);
    }

    /** A key of this account tagged with the alias and not on its way out: made by a run that stopped before its alias. */
    private Optional<KeyMetadata> byTag(KmsClient kms, String alias) {
        List<KeyListEntry> keys = new ArrayList<>();
        call("kms:ListKeys", () -> {
            kms.listKeysPaginator(b -> { }).keys().forEach(keys::add);
            return null;
        });
        for (KeyListEntry k : keys) {
            boolean ours;
            try {
                ours = call("kms:ListResourceTags " + k.keyId(), () -> kms.listResourceTags(b -> b.keyId(k.keyId())).tags().stream()
                        .anyMatch(t -> ALIAS_TAG.equals(t.tagKey()) && alias.equals(t.tagValue())));
            } catch (SdkException e) {
                if (!AwsCalls.isDenied(e)) throw e;
                continue; // an AWS managed key, or one whose policy keeps us out: not ours
            }
            if (!ours) continue;
            KeyMetadata m = call("kms:DescribeKey " + k.keyId(), () -> kms.describeKey(b -> b.keyId(k.keyId())).keyMetadata());
            if (m.keyState() != KeyState.PENDING_DELETION) return Optional.of(m);
        }
        return Optional.empty();
    }
}
