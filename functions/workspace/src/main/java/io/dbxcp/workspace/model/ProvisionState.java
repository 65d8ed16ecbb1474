package io.dbxcp.workspace.model;

import com.fasterxml.jackson.databind.JsonNode;
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
 */
public record ProvisionState(
        String workflow,
        JsonNode trigger,
        WorkspaceRequest request,
        Registered registered,
        WorkspaceRef workspace,
        Map<String, List<Ref>> configured,
        JsonNode error,
        String failedStep) {

    public record Registered(Ref credentials, Ref storage, NetworkRefs network, List<Ref> keys) {}

    /** The network configuration and, with PrivateLink, its VPC endpoints and private access settings. */
    public record NetworkRefs(Ref network, List<Ref> vpcEndpoints, Ref privateAccessSettings) {}

    /** The workspace: id, URL, status and whether this run created it. */
    public record WorkspaceRef(long workspaceId, String workspaceName, String deploymentName, String url, String status,
                               String statusMessage, boolean created, int polls) {}
}
