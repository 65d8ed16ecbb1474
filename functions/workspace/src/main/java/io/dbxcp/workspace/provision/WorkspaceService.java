package io.dbxcp.workspace.provision;

import static io.dbxcp.common.databricks.DatabricksErrors.call;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.service.provisioning.CreateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.PricingTier;
import com.databricks.sdk.service.provisioning.Workspace;
import io.dbxcp.common.databricks.AccountObjects;
import io.dbxcp.common.databricks.DatabricksErrors;
import io.dbxcp.common.errors.NotYetConsistentException;
import io.dbxcp.common.errors.ResourceConflictException;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.ProvisionState.WorkspaceRef;
import io.dbxcp.workspace.model.Ref;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 3 of provision-workspace: create the workspace (or adopt one of that name that matches the
 * request), read its status for the state machine's poll loop, and check that its API answers.
 * No step waits: the state machine polls with Wait and Choice states, bounded.
 */
public final class WorkspaceService {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceService.class);

    private final Supplier<AccountClient> account;
    private final BiFunction<Long, String, WorkspaceClient> workspaceClient;
    private final String accountHost;

    public WorkspaceService(Supplier<AccountClient> account, BiFunction<Long, String, WorkspaceClient> workspaceClient, String accountHost) {
        this.account = account;
        this.workspaceClient = workspaceClient;
        this.accountHost = accountHost;
    }

    public WorkspaceRef create(ProvisionState state) {
        WorkspaceRequest r = state.request().withDefaults();
        ProvisionState.Registered reg = state.registered();
        String credentials = reg.credentials().id();
        String storage = reg.storage().id();
        String network = reg.network() == null ? null : reg.network().network().id();
        String pas = reg.network() == null || reg.network().privateAccessSettings() == null ? null : reg.network().privateAccessSettings().id();
        String msKey = keyId(reg, "MANAGED_SERVICES");
        String storageKey = keyId(reg, "STORAGE");

        Optional<Workspace> found = findByName(r.workspaceName());
        // Found: a rerun's (not ours), or one this run made whose answer was lost (made after the run began: ours).
        if (found.isPresent()) {
            return adopt(found.get(), r, credentials, storage, network, pas, msKey, storageKey,
                    AccountObjects.madeSince(found.get().getCreationTime(), state.since()));
        }
        CreateWorkspaceRequest create = new CreateWorkspaceRequest()
                .setWorkspaceName(r.workspaceName())
                .setDeploymentName(r.deploymentName())
                .setAwsRegion(r.region())
                .setCredentialsId(credentials)
                .setStorageConfigurationId(storage)
                .setNetworkId(network)
                .setPrivateAccessSettingsId(pas)
                .setManagedServicesCustomerManagedKeyId(msKey)
                .setStorageCustomerManagedKeyId(storageKey)
                .setPricingTier(PricingTier.valueOf(r.pricingTier()))
                .setCustomTags(r.customTags());
        // The SDK returns a waiter; this step does not wait (the state machine polls).
        try {
            Workspace w = call("create workspace " + r.workspaceName(), () -> account.get().workspaces().create(create).getResponse());
            LOG.info("created workspace {} ({})", w.getWorkspaceId(), w.getWorkspaceStatus());
            return ref(w, true, 0);
        } catch (RuntimeException e) {
            // "Already exists" right after a look-up that found nothing: the SDK retried our own POST
            // (a 429/503 or a broken connection after Databricks had made it). What is there now is ours.
            if (!DatabricksErrors.isConflict(e)) throw e;
            Workspace w = findByName(r.workspaceName()).orElseThrow(() -> e);
            return adopt(w, r, credentials, storage, network, pas, msKey, storageKey, true);
        }
    }

    private Optional<Workspace> findByName(String name) {
        return call("list workspaces", () -> StreamSupport.stream(account.get().workspaces().list().spliterator(), false)
                .filter(w -> name.equals(w.getWorkspaceName())).findFirst());
    }

    /** A workspace of the name is adopted only if it is made of exactly these objects. */
    private WorkspaceRef adopt(Workspace w, WorkspaceRequest r, String credentials, String storage, String network, String pas,
                               String msKey, String storageKey, boolean madeByThisRun) {
        List<String> differences = new ArrayList<>();
        differs(differences, "credentials_id", credentials, w.getCredentialsId());
        differs(differences, "storage_configuration_id", storage, w.getStorageConfigurationId());
        differs(differences, "network_id", network, w.getNetworkId());
        differs(differences, "private_access_settings_id", pas, w.getPrivateAccessSettingsId());
        differs(differences, "managed_services_customer_managed_key_id", msKey, w.getManagedServicesCustomerManagedKeyId());
        differs(differences, "storage_customer_managed_key_id", storageKey, w.getStorageCustomerManagedKeyId());
        differs(differences, "aws_region", r.region(), w.getAwsRegion());
        if (!differences.isEmpty()) {
            throw new ResourceConflictException("workspace '" + r.workspaceName() + "' (" + w.getWorkspaceId()
                    + ") exists but does not match the request: " + String.join(", ", differences)
                    + "; it is not adopted (use another name, or the key workflow to change its keys)");
        }
        LOG.info("{} workspace {} ({})", madeByThisRun ? "found the retried create's" : "adopting", w.getWorkspaceId(), w.getWorkspaceStatus());
        return ref(w, madeByThisRun, 0);
    }

    /** The workspace's current status; one poll of the state machine's loop. */
    public WorkspaceRef status(ProvisionState state) {
        WorkspaceRef current = state.workspace();
        Workspace w = call("get workspace " + current.workspaceId(), () -> account.get().workspaces().get(current.workspaceId()));
        return ref(w, current.created(), current.polls() + 1);
    }

    /**
     * Whether the workspace's own API answers (DNS and routing can lag behind RUNNING). Throws
     * {@link NotYetConsistentException} while it does not; the state machine retries, bounded. A
     * workspace whose front end is private (PrivateLink without public access) cannot be reached
     * from here: that is said, not failed.
     */
    public Reachability reachable(ProvisionState state) {
        WorkspaceRequest r = state.request().withDefaults();
        WorkspaceRef ws = state.workspace();
        if (r.privateLink() && Boolean.FALSE.equals(r.network().privateLink().publicAccessEnabled())) {
            return new Reachability(false, "front-end PrivateLink without public access: the workspace answers only inside its network, so it was not checked from the control plane");
        }
        try {
            WorkspaceClient client = workspaceClient.apply(ws.workspaceId(), ws.deploymentName());
            call("reach workspace " + ws.workspaceId(), () -> client.currentUser().me(new com.databricks.sdk.service.iam.MeRequest()));
            return new Reachability(true, "the workspace API answered");
        } catch (DatabricksError e) {
            if (e.getStatusCode() == 401 || e.getStatusCode() == 403 || e.getStatusCode() == 404) {
                throw new NotYetConsistentException("workspace " + ws.workspaceId() + " does not answer yet: " + e.getMessage(), e);
            }
            throw e;
        } catch (DatabricksException e) {
            throw new NotYetConsistentException("workspace " + ws.workspaceId() + " does not answer yet: " + e.getMessage(), e);
        }
    }

    public record Reachability(boolean checked, String detail) {}

    private WorkspaceRef ref(Workspace w, boolean created, int polls) {
        return new WorkspaceRef(w.getWorkspaceId(), w.getWorkspaceName(), w.getDeploymentName(),
                WorkspaceUrls.of(accountHost, w.getDeploymentName(), w.getWorkspaceId()),
                w.getWorkspaceStatus() == null ? "UNKNOWN" : w.getWorkspaceStatus().name(),
                w.getWorkspaceStatusMessage(), created, polls);
    }

    private static String keyId(ProvisionState.Registered reg, String useCase) {
        if (reg.keys() == null) return null;
        return reg.keys().stream().filter(k -> k.name().startsWith(useCase + " ")).map(Ref::id).findFirst().orElse(null);
    }

    private static void differs(List<String> out, String field, String wanted, String actual) {
        if (!Objects.equals(wanted, actual)) out.add(field + " is " + actual + ", the request needs " + wanted);
    }
}
