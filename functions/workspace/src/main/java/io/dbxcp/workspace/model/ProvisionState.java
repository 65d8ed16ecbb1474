package io.dbxcp.workspace.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of a provision-workspace execution as it flows through the state machine: the input
 * the intake (or a console user) gave, and what each step added under its ResultPath. Handlers
 * read what they need and return only their own part.
 *
 * @param registered   {@code $.registered}: the account objects of step 2
 * @param workspace    {@code $.workspace}: the workspace of step 3
 * @param configured   {@code $.configured}: each configure step's objects, by step
 * @param error        {@code $.error}: a caught error (Error, Cause), for compensation
 * @param failedStep   {@code $.failedStep}: the step that failed, set by the state machine's failure path
 * @param startedAt    {@code $.startedAt}: when the run began (ISO-8601, set by ValidateRequest): an object found
 *                     that Databricks made after it is this run's own (a create whose answer was lost)
 */
public record ProvisionState(
        String workflow,
        JsonNode trigger,
        WorkspaceRequest request,
        Registered registered,
        WorkspaceRef workspace,
        Map<String, List<Ref>> configured,
        JsonNode error,
        String failedStep,
        String startedAt) {

    /** When the run began, or null when the state does not say (a state from before this field). */
    public Instant since() {
        return startedAt == null || startedAt.isBlank() ? null : Instant.parse(startedAt);
    }

    public record Registered(Ref credentials, Ref storage, NetworkRefs network, List<Ref> keys) {}

    /** The network configuration and, with PrivateLink, its VPC endpoints and private access settings. */
    public record NetworkRefs(Ref network, List<Ref> vpcEndpoints, Ref privateAccessSettings) {}

    /** The workspace: id, URL, status and whether this run created it. */
    public record WorkspaceRef(long workspaceId, String workspaceName, String deploymentName, String url, String status,
                               String statusMessage, boolean created, int polls) {}
}
