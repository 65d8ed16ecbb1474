package io.dbxcp.workspace.configure;

import io.dbxcp.common.databricks.DatabricksErrors;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.PutAcl;
import com.databricks.sdk.service.workspace.ScopeBackendType;
import com.databricks.sdk.service.workspace.SecretScope;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.Acl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4c: Databricks-backed secret scopes of {@code configure.secretScopes}, then their ACLs.
 *
 * <ul>
 *   <li>A scope is looked up by name: present (Databricks-backed) is reused, absent is created with
 *       no {@code initial_manage_principal} (the creator, our admin principal, gets MANAGE; workspace
 *       admins always hold MANAGE). A scope of that name with another backend is a
 *       {@link ResourceConflictException}.
 *   <li>ACLs: the scope's ACLs are listed and only a principal whose permission differs from the
 *       request is put (put is idempotent, so a rerun writes nothing). ACLs the request does not
 *       name are left as they are and logged: this step adds and corrects, it never revokes.
 * </ul>
 * Returns one {@code secret-scope} Ref per scope (id and name: the scope name); ACLs are part of
 * their scope and are not reported separately.
 */
public final class SecretScopesService {
    private static final Logger LOG = LoggerFactory.getLogger(SecretScopesService.class);

    private final DatabricksClients clients;

    public SecretScopesService(DatabricksClients clients) {
        this.clients = clients;
    }

    public List<Ref> configure(ProvisionState state) {
        WorkspaceRequest request = state.request().withDefaults();
        List<WorkspaceRequest.SecretScope> asked = request.configure() == null ? null : request.configure().secretScopes();
        if (asked == null || asked.isEmpty()) return List.of();
        validate(asked);
        WorkspaceClient ws = clients.workspace(state.workspace().workspaceId(), state.workspace().deploymentName());
        List<SecretScope> existing = scopes(ws);
        List<Ref> refs = new ArrayList<>();
        for (WorkspaceRequest.SecretScope s : asked) {
            refs.add(ensureScope(ws, existing, s.name()));
            if (s.acls() != null && !s.acls().isEmpty()) ensureAcls(ws, s);
        }
        return refs;
    }

    private Ref ensureScope(WorkspaceClient ws, List<SecretScope> existing, String name) {
        Optional<SecretScope> found = byName(existing, name);
        if (found.isEmpty()) {
            try {
                DatabricksErrors.run("create secret scope " + name, () -> ws.secrets().createScope(new CreateScope()
                        .setScope(name)
                        .setScopeBackendType(ScopeBackendType.DATABRICKS)));
                LOG.info("secret scope '{}' created", name);
                return Ref.created(Kinds.SECRET_SCOPE, name, name);
            } catch (RuntimeException e) {
                if (!DatabricksErrors.isConflict(e)) throw e;
                found = byName(scopes(ws), name);
                if (found.isEmpty()) throw e;
            }
        }
        SecretScope scope = found.get();
        if (scope.getBackendType() != null && scope.getBackendType() != ScopeBackendType.DATABRICKS) {
            throw new ResourceConflictException("secret scope '" + name + "' exists with backend " + scope.getBackendType()
                    + ", not a Databricks-backed scope: choose another scope name");
        }
        LOG.info("secret scope '{}' reused", name);
        return Ref.reused(Kinds.SECRET_SCOPE, name, name);
    }

    private void ensureAcls(WorkspaceClient ws, WorkspaceRequest.SecretScope s) {
        Map<String, AclPermission> current = new LinkedHashMap<>();
        DatabricksErrors.call("list ACLs of secret scope " + s.name(), () -> StreamSupport
                .stream(ws.secrets().listAcls(s.name()).spliterator(), false).toList())
                .forEach(a -> current.put(a.getPrincipal(), a.getPermission()));
        Set<String> named = new HashSet<>();
        for (Acl acl : s.acls()) {
            named.add(acl.principal());
            AclPermission wanted = AclPermission.valueOf(acl.permission());
            if (wanted == current.get(acl.principal())) continue;
            DatabricksErrors.run("put ACL of secret scope " + s.name(), () -> ws.secrets().putAcl(new PutAcl()
                    .setScope(s.name())
                    .setPrincipal(acl.principal())
                    .setPermission(wanted)));
            LOG.info("secret scope '{}': {} now has {} (was {})", s.name(), acl.principal(), wanted, current.get(acl.principal()));
        }
        List<String> others = current.entrySet().stream()
                .filter(e -> !named.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .toList();
        if (!others.isEmpty()) {
            LOG.info("secret scope '{}' has ACLs the request does not name, left as they are: {}", s.name(), others);
        }
    }

    private static List<SecretScope> scopes(WorkspaceClient ws) {
        return DatabricksErrors.call("list secret scopes", () -> StreamSupport.stream(ws.secrets().listScopes().spliterator(), false).toList());
    }

    private static Optional<SecretScope> byName(List<SecretScope> scopes, String name) {
        return scopes.stream().filter(x -> name.equals(x.getName())).findFirst();
    }

    private static void validate(List<WorkspaceRequest.SecretScope> asked) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            WorkspaceRequest.SecretScope s = asked.get(i);
            if (!names.add(s.name())) {
                throw new InvalidRequestException("configure.secretScopes[" + i + "].name", "scope '" + s.name() + "' is named twice");
            }
            Set<String> principals = new HashSet<>();
            for (int j = 0; s.acls() != null && j < s.acls().size(); j++) {
                if (!principals.add(s.acls().get(j).principal())) {
                    throw new InvalidRequestException("configure.secretScopes[" + i + "].acls[" + j + "].principal",
                            "'" + s.acls().get(j).principal() + "' is given twice for scope '" + s.name() + "'");
                }
            }
        }
    }
}
