package io.dbxcp.workspace.compensate;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.billing.LogDeliveryConfigStatus;
import com.databricks.sdk.service.billing.UpdateLogDeliveryConfigurationStatusRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.LambdaErrors;
import io.dbxcp.common.json.Json;
import io.dbxcp.workspace.model.ProvisionState;
import io.dbxcp.workspace.model.Ref;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Undoes what a failed run created, in reverse order, and never touches what it only reused:
 * configure objects first (log delivery is disabled, never deleted: Databricks has no DELETE for
 * it), then the workspace if it never became RUNNING (a RUNNING workspace is kept, so that a rerun
 * continues from it), then the account objects it made (those the kept workspace still uses stay).
 * A clean-up that fails is reported, never thrown: the failure event must go out.
 */
public final class CompensationService {
    private static final Logger LOG = LoggerFactory.getLogger(CompensationService.class);

    private final Supplier<AccountClient> account;
    private final BiFunction<Long, String, WorkspaceClient> workspaceClient;
    private final Supplier<SecretsManagerClient> secrets;

    public CompensationService(Supplier<AccountClient> account, BiFunction<Long, String, WorkspaceClient> workspaceClient,
                               Supplier<SecretsManagerClient> secrets) {
        this.account = account;
        this.workspaceClient = workspaceClient;
        this.secrets = secrets;
    }

    /**
     * Compensates an execution from its raw state: a Parallel branch that failed left its error
     * ({@code Error}, {@code Cause}, {@code failedStep}) where its object would be; an input that
     * failed validation may not even read as a request (then nothing was created).
     */
    public FailureReport compensate(JsonNode raw) {
        ObjectNode copy = raw.isObject() ? ((ObjectNode) raw).deepCopy() : Json.MAPPER.createObjectNode();
        JsonNode branchError = null;
        for (String part : List.of("registered", "configured")) {
            if (!(copy.get(part) instanceof ObjectNode objects)) continue;
            for (String key : names(objects)) {
                JsonNode value = objects.get(key);
                if (value != null && value.isObject() && value.has("Error")) {
                    if (branchError == null) branchError = value;
                    objects.putNull(key);
                }
            }
        }
        String failedStep = branchError != null ? branchError.path("failedStep").asText() : copy.path("failedStep").asText("unknown");
        ProvisionState state;
        try {
            state = Json.convert(copy, ProvisionState.class);
        } catch (IllegalArgumentException unreadable) {
            JsonNode error = copy.path("error");
            JsonNode request = copy.has("request") ? copy.path("request") : copy;
            return new FailureReport(request.path("requestId").asText(null), request.path("workspaceName").asText(null), null, failedStep,
                    error.path("Error").asText("Unknown"), causeMessage(error.path("Cause").asText("")), List.of(), List.of(), List.of());
        }
        if (branchError != null) {
            state = new ProvisionState(state.workflow(), state.trigger(), state.request(), state.registered(), state.workspace(),
                    state.configured(), branchError, failedStep, state.startedAt());
        }
        return compensate(state, failedStep);
    }

    private static List<String> names(ObjectNode node) {
        List<String> all = new ArrayList<>();
        node.fieldNames().forEachRemaining(all::add);
        return all;
    }

    FailureReport compensate(ProvisionState state, String failedStep) {
        List<Ref> cleaned = new ArrayList<>();
        List<FailureReport.Kept> kept = new ArrayList<>();
        List<FailureReport.Kept> notCleaned = new ArrayList<>();
        ProvisionState.WorkspaceRef ws = state.workspace();
        boolean workspaceKept = false;

        // 1. What the configure steps made, newest first.
        if (state.configured() != null && ws != null) {
            List<Ref> configured = new ArrayList<>();
            state.configured().values().stream().filter(Objects::nonNull).flatMap(Collection::stream).forEach(configured::add);
            for (Ref ref : configured.reversed()) {
                undo(ref, cleaned, kept, notCleaned, () -> undoConfigured(ref, ws));
            }
        }
        // 2. The workspace: deleted if this run made it and it never ran; kept otherwise.
        if (ws != null && ws.workspaceId() > 0) {
            Ref ref = new Ref("workspace", Long.toString(ws.workspaceId()), ws.workspaceName(), ws.created());
            if (!ws.created()) {
                kept.add(new FailureReport.Kept(ref, "adopted, not made by this run"));
                workspaceKept = true;
            } else if ("RUNNING".equals(ws.status())) {
                kept.add(new FailureReport.Kept(ref, "RUNNING: kept so that a rerun of the request continues from it"));
                workspaceKept = true;
            } else {
                undo(ref, cleaned, kept, notCleaned, () -> account.get().workspaces().delete(ws.workspaceId()));
            }
        }
        // 3. The account objects, in reverse order of registration.
        ProvisionState.Registered reg = state.registered();
        if (reg != null) {
            List<Ref> registered = new ArrayList<>();
            if (reg.keys() != null) registered.addAll(reg.keys());
            if (reg.network() != null) {
                registered.add(reg.network().network());
                registered.add(reg.network().privateAccessSettings());
                if (reg.network().vpcEndpoints() != null) registered.addAll(reg.network().vpcEndpoints());
            }
            registered.add(reg.storage());
            registered.add(reg.credentials());
            for (Ref ref : registered) {
                if (ref == null || ref.id() == null) continue; // a step that failed made nothing
                if (workspaceKept && ref.created()) {
                    kept.add(new FailureReport.Kept(ref, "used by the kept workspace " + ws.workspaceId()));
                    continue;
                }
                undo(ref, cleaned, kept, notCleaned, () -> undoRegistered(ref));
            }
        }
        JsonNode error = state.error() == null ? Json.MAPPER.createObjectNode() : state.error();
        String cause = causeMessage(error.path("Cause").asText(""));
        LOG.warn("provisioning failed at {}: {}; cleaned up {} object(s), kept {}, could not clean {}",
                failedStep, error.path("Error").asText(""), cleaned.size(), kept.size(), notCleaned.size());
        return new FailureReport(
                state.request() == null ? null : state.request().requestId(),
                state.request() == null ? null : state.request().workspaceName(),
                ws == null ? null : ws.workspaceId(),
                failedStep, error.path("Error").asText("Unknown"), cause, cleaned, kept, notCleaned);
    }

    private void undo(Ref ref, List<Ref> cleaned, List<FailureReport.Kept> kept, List<FailureReport.Kept> notCleaned, Runnable action) {
        if (!ref.created()) {
            kept.add(new FailureReport.Kept(ref, "reused, not made by this run"));
            return;
        }
        try {
            action.run();
            cleaned.add(ref);
        } catch (DatabricksError e) {
            if (e.getStatusCode() == 404) {
                cleaned.add(ref); // already gone
            } else {
                notCleaned.add(new FailureReport.Kept(ref, e.getErrorCode() + ": " + e.getMessage()));
            }
        } catch (KeepException e) {
            kept.add(new FailureReport.Kept(ref, e.getMessage()));
        } catch (RuntimeException e) {
            notCleaned.add(new FailureReport.Kept(ref, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private void undoRegistered(Ref ref) {
        AccountClient a = account.get();
        switch (ref.kind()) {
            case "customer-managed-key" -> a.encryptionKeys().delete(ref.id());
            case "network" -> a.networks().delete(ref.id());
            case "private-access-settings" -> a.privateAccess().delete(ref.id());
            case "vpc-endpoint" -> a.vpcEndpoints().delete(ref.id());
            case "storage-configuration" -> a.storage().delete(ref.id());
            case "credentials" -> a.credentials().delete(ref.id());
            default -> throw new IllegalStateException("no clean-up known for " + ref.kind());
        }
    }

    private void undoConfigured(Ref ref, ProvisionState.WorkspaceRef ws) {
        Map<String, Consumer<Ref>> actions = Map.ofEntries(
                Map.entry("log-delivery", r -> account.get().logDelivery().patchStatus(new UpdateLogDeliveryConfigurationStatusRequest()
                        .setLogDeliveryConfigurationId(r.id()).setStatus(LogDeliveryConfigStatus.DISABLED))),
                Map.entry("metastore-assignment", r -> account.get().metastoreAssignments().delete(ws.workspaceId(), r.id())),
                Map.entry("service-principal", r -> account.get().servicePrincipals().delete(r.id())),
                Map.entry("workspace-assignment", r -> account.get().workspaceAssignment().delete(ws.workspaceId(), Long.parseLong(r.id()))),
                Map.entry("secret", r -> secrets.get().deleteSecret(b -> b.secretId(r.id()).recoveryWindowInDays(7L))),
                Map.entry("obo-token", r -> workspace(ws).tokenManagement().delete(r.id())),
                Map.entry("secret-scope", r -> workspace(ws).secrets().deleteScope(r.name())),
                Map.entry("global-init-script", r -> workspace(ws).globalInitScripts().delete(r.id())),
                Map.entry("cluster-policy", r -> workspace(ws).clusterPolicies().delete(r.id())),
                Map.entry("instance-profile", r -> workspace(ws).instanceProfiles().remove(r.id())));
        if (ref.kind().equals("credentials") || ref.kind().equals("storage-configuration")) {
            // The log delivery configurations, disabled not deleted, still name them: a rerun enables them again.
            throw new KeepException("kept for the disabled log delivery configuration, which a rerun enables again");
        }
        Consumer<Ref> action = actions.get(ref.kind());
        if (action == null) throw new IllegalStateException("no clean-up known for " + ref.kind());
        action.accept(ref);
    }

    private WorkspaceClient workspace(ProvisionState.WorkspaceRef ws) {
        return workspaceClient.apply(ws.workspaceId(), ws.deploymentName());
    }

    /** An object deliberately left in place, with the reason. */
    private static final class KeepException extends RuntimeException {
        KeepException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A Lambda error's Cause is the error payload as JSON: keep its message. */
    static String causeMessage(String cause) {
        return LambdaErrors.message(cause);
    }
}
