package io.dbxcp.secrets.sync;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.PutAcl;
import com.databricks.sdk.service.workspace.PutSecret;
import com.databricks.sdk.service.workspace.ScopeBackendType;
import com.databricks.sdk.service.workspace.SecretScope;
import io.dbxcp.common.databricks.DatabricksErrors;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.secrets.databricks.Failures;
import io.dbxcp.secrets.databricks.WorkspaceDirectory;
import io.dbxcp.secrets.model.ScopeAcl;
import io.dbxcp.secrets.model.ScopeTarget;
import io.dbxcp.secrets.model.SecretKind;
import io.dbxcp.secrets.model.SecretTags;
import io.dbxcp.secrets.model.SecretValues;
import io.dbxcp.secrets.store.ManagedSecret;
import io.dbxcp.secrets.store.SecretStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Writes a secret's current credential into the Databricks secret scopes its {@code dbxcp:scope-sync}
 * tags name, creating a missing scope and giving it the ACLs of {@code dbxcp:scope-acls} (default:
 * MANAGE for {@code admins}).
 *
 * <ul>
 *   <li>Idempotent: a put overwrites the key with the same value; a scope is looked up by name before
 *       it is created; an ACL is put only when the scope lacks it or holds another permission. ACLs
 *       the tags do not name are left as they are (this adds and corrects, it never revokes).
 *   <li>Races with a rotation: the value written is the one of the version that held AWSCURRENT when
 *       it was read; after writing, the label is checked again and, if it moved meanwhile, the new
 *       current value is written (at most three rounds), so the last sync to finish writes the
 *       latest value.
 *   <li>The value goes from Secrets Manager to the scope and nowhere else.
 * </ul>
 */
public final class ScopeSyncService {
    private static final Logger LOG = LoggerFactory.getLogger(ScopeSyncService.class);
    private static final int ROUNDS = 3;

    private final SecretStore store;
    private final WorkspaceDirectory directory;

    public ScopeSyncService(SecretStore store, WorkspaceDirectory directory) {
        this.store = store;
        this.directory = directory;
    }

    /** Syncs the secret's current value into every target scope its tags name. */
    public SyncResult sync(String secretId) {
        for (int round = 1; round <= ROUNDS; round++) {
            ManagedSecret secret = store.describe(secretId);
            if (secret.deleted()) {
                throw new PreconditionFailedException("secret " + secret.name() + " is scheduled for deletion: nothing is synced");
            }
            if (SecretTags.targets(secret.tags()).isEmpty()) {
                LOG.info("secret {} names no secret scope (tag {}): nothing to sync", secret.name(), SecretTags.SCOPE_SYNC);
                return new SyncResult(secret.arn(), secret.name(), kindTag(secret), secret.versionWith(ManagedSecret.CURRENT).orElse(null),
                        List.of());
            }
            SecretStore.Version current;
            try {
                current = store.currentVersion(secret.arn());
            } catch (ResourceNotFoundException noValue) {
                throw new PreconditionFailedException("secret " + secret.name() + " has no current value: nothing to sync");
            }
            if (current.value() == null) {
                throw new PreconditionFailedException("the current version of secret " + secret.name() + " holds no text value: nothing to sync");
            }
            String version = current.versionId();
            SyncResult result = write(secret, version, current.value());
            Optional<String> after = store.describe(secret.arn()).versionWith(ManagedSecret.CURRENT);
            if (after.isPresent() && after.get().equals(version)) return result;
            LOG.info("AWSCURRENT of secret {} moved from {} to {} while syncing: syncing the new current value", secret.name(), version,
                    after.orElse("none"));
        }
        throw new TransientException("AWSCURRENT of secret " + secretId + " kept moving during " + ROUNDS + " syncs: try again");
    }

    /** Writes {@code value} (the value of {@code versionId}, read by the caller) into every target scope. */
    public SyncResult write(ManagedSecret secret, String versionId, String value) {
        List<ScopeTarget> targets = SecretTags.targets(secret.tags());
        List<ScopeAcl> acls = SecretTags.acls(secret.tags());
        SecretKind kind = secret.kind().orElse(null);
        Map<Long, List<SecretScope>> scopesByWorkspace = new HashMap<>();
        List<SyncResult.Target> results = new ArrayList<>();
        for (ScopeTarget t : targets) {
            String credential = SecretValues.credential(secret.name(), kind, value, t.field());
            WorkspaceClient ws = directory.admin(t.workspaceId());
            List<SecretScope> scopes = scopesByWorkspace.computeIfAbsent(t.workspaceId(), id -> scopes(ws));
            boolean created = ensureScope(ws, t, scopes);
            if (created) scopesByWorkspace.put(t.workspaceId(), scopes(ws));
            List<String> aclsPut = ensureAcls(ws, t, acls);
            DatabricksErrors.run("put secret " + t.scope() + "/" + t.key() + " on workspace " + t.workspaceId(),
                    () -> ws.secrets().putSecret(new PutSecret().setScope(t.scope()).setKey(t.key()).setStringValue(credential)));
            LOG.info("secret {} (version {}) written to scope '{}' key '{}' of workspace {}", secret.name(), versionId, t.scope(), t.key(),
                    t.workspaceId());
            results.add(new SyncResult.Target(t.workspaceId(), t.scope(), t.key(), created, aclsPut));
        }
        return new SyncResult(secret.arn(), secret.name(), kindTag(secret), versionId, List.copyOf(results));
    }

    private boolean ensureScope(WorkspaceClient ws, ScopeTarget t, List<SecretScope> scopes) {
        Optional<SecretScope> found = byName(scopes, t.scope());
        if (found.isEmpty()) {
            try {
                DatabricksErrors.run("create secret scope " + t.scope() + " on workspace " + t.workspaceId(), () -> ws.secrets()
                        .createScope(new CreateScope().setScope(t.scope()).setScopeBackendType(ScopeBackendType.DATABRICKS)));
                LOG.info("secret scope '{}' created on workspace {}", t.scope(), t.workspaceId());
                return true;
            } catch (RuntimeException e) {
                if (!Failures.isConflict(e)) throw e;
                found = byName(scopes(ws), t.scope()); // made by someone else meanwhile
                if (found.isEmpty()) throw e;
            }
        }
        ScopeBackendType backend = found.get().getBackendType();
        if (backend != null && backend != ScopeBackendType.DATABRICKS) {
            throw new ResourceConflictException("secret scope '" + t.scope() + "' of workspace " + t.workspaceId() + " has backend " + backend
                    + ", not DATABRICKS: it cannot hold a synced secret; name another scope in tag " + SecretTags.SCOPE_SYNC);
        }
        return false;
    }

    private List<String> ensureAcls(WorkspaceClient ws, ScopeTarget t, List<ScopeAcl> wanted) {
        Map<String, AclPermission> current = new LinkedHashMap<>();
        List<AclItem> items = DatabricksErrors.call("list ACLs of secret scope " + t.scope(),
                () -> StreamSupport.stream(ws.secrets().listAcls(t.scope()).spliterator(), false).toList());
        items.forEach(a -> current.put(a.getPrincipal(), a.getPermission()));
        List<String> put = new ArrayList<>();
        for (ScopeAcl acl : wanted) {
            AclPermission permission = AclPermission.valueOf(acl.permission());
            if (permission == current.get(acl.principal())) continue;
            DatabricksErrors.run("put ACL of secret scope " + t.scope(), () -> ws.secrets().putAcl(new PutAcl()
                    .setScope(t.scope()).setPrincipal(acl.principal()).setPermission(permission)));
            LOG.info("secret scope '{}' of workspace {}: {} now has {} (was {})", t.scope(), t.workspaceId(), acl.principal(), permission,
                    current.get(acl.principal()));
            put.add(acl.toString());
        }
        return List.copyOf(put);
    }

    private static List<SecretScope> scopes(WorkspaceClient ws) {
        return DatabricksErrors.call("list secret scopes", () -> StreamSupport.stream(ws.secrets().listScopes().spliterator(), false).toList());
    }

    private static Optional<SecretScope> byName(List<SecretScope> scopes, String name) {
        return scopes.stream().filter(s -> name.equals(s.getName())).findFirst();
    }

    private static String kindTag(ManagedSecret secret) {
        return secret.kind().map(SecretKind::tag).orElse(null);
    }
}
