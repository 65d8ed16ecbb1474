package io.dbxcp.storage.validate;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.catalog.AccountsMetastoreAssignment;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.provisioning.WorkspaceStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.validation.RequestRules;
import io.dbxcp.storage.Databricks;
import io.dbxcp.storage.StorageKeys;
import io.dbxcp.storage.model.BucketPlan;
import io.dbxcp.storage.model.BucketRequest;
import io.dbxcp.storage.model.Mode;
import io.dbxcp.storage.model.MountExecution;
import io.dbxcp.storage.model.MountRequest;
import io.dbxcp.storage.model.WorkspaceRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State ValidateRequest of mount-buckets: validates the request again (console executions and the
 * provisioning workflow skip the intake), finds its workspace, and plans each bucket.
 *
 * <p>Two inputs are accepted:
 * <ul>
 *   <li>the intake's {@code {"workflow", "trigger", "request": <Bucket Mount Requested detail>}}, optionally
 *       with {@code "workspace": {"workspaceId", "deploymentName", "workspaceName"}};
 *   <li>the provisioning workflow's {@code {"workflow", "trigger", "requestId", "workspace": {...},
 *       "mounts": <its request's configure.mounts>}}, which saves the workspace look-up.
 * </ul>
 * Without a deployment name the workspace is read from the Account API (one call): it must exist and
 * be RUNNING. In mode unity-catalog the workspace must have a metastore assigned.
 */
public final class MountRequestService {
    private static final Logger LOG = LoggerFactory.getLogger(MountRequestService.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Supplier<AccountClient> account;

    public MountRequestService(Supplier<AccountClient> account) {
        this.account = account;
    }

    public MountExecution start(JsonNode input) {
        ObjectNode raw = requestOf(input);
        RequestRules.require("bucket-mount-request", raw, "request");
        MountRequest request = Json.convert(raw, MountRequest.class);
        if (request.mode() == Mode.UNITY_CATALOG) requireDistinctBuckets(request);
        WorkspaceRef workspace = workspace(input.path("workspace"), request);
        if (request.mode() == Mode.UNITY_CATALOG) requireMetastore(workspace);
        List<BucketPlan> plan = plan(request, workspace);
        LOG.info("{} bucket(s) to handle in mode {} on workspace {} ({})", plan.size(), request.mode().id(),
                workspace.workspaceId(), workspace.deploymentName());
        return new MountExecution(StorageKeys.WORKFLOW, input.path("trigger").isMissingNode() ? null : input.path("trigger"),
                request, workspace, plan, null, null, null);
    }

    /** The request of either input shape, as the bucket-mount-request schema describes it. */
    static ObjectNode requestOf(JsonNode input) {
        if (input.path("request").isObject()) return (ObjectNode) input.path("request").deepCopy();
        if (input.path("mounts").isObject()) {
            ObjectNode r = F.objectNode();
            if (!input.path("requestId").isMissingNode()) r.set("requestId", input.path("requestId"));
            if (!input.path("workspace").path("workspaceId").isMissingNode()) r.set("workspaceId", input.path("workspace").path("workspaceId"));
            input.path("mounts").fields().forEachRemaining(f -> r.set(f.getKey(), f.getValue()));
            return r;
        }
        throw new InvalidRequestException("request", "is missing: give {\"request\": <a Bucket Mount Requested detail>}, or"
                + " {\"requestId\", \"workspace\": {\"workspaceId\", \"deploymentName\"}, \"mounts\": <configure.mounts>}");
    }

    private static void requireDistinctBuckets(MountRequest r) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.buckets().size(); i++) {
            if (!seen.add(r.buckets().get(i).bucket())) {
                throw new InvalidRequestException("request.buckets[" + i + "].bucket",
                        "is given twice: in mode unity-catalog each bucket is one external location, and locations may not overlap");
            }
        }
    }

    private WorkspaceRef workspace(JsonNode given, MountRequest request) {
        if (given.isObject() && given.hasNonNull("workspaceId") && given.path("workspaceId").asLong() != request.workspaceId()) {
            throw new InvalidRequestException("workspace.workspaceId", "is " + given.path("workspaceId").asLong()
                    + " but the request names workspace " + request.workspaceId());
        }
        boolean needName = request.mode() == Mode.UNITY_CATALOG && request.storageCredentialName() == null;
        if (given.hasNonNull("deploymentName") && (!needName || given.hasNonNull("workspaceName"))) {
            return new WorkspaceRef(request.workspaceId(), given.path("deploymentName").asText(), given.path("workspaceName").asText(null));
        }
        Workspace w = Databricks.find("read workspace " + request.workspaceId(), () -> account.get().workspaces().get(request.workspaceId()))
                .orElseThrow(() -> new InvalidRequestException("request.workspaceId",
                        "no workspace " + request.workspaceId() + " in the Databricks account"));
        if (w.getWorkspaceStatus() != WorkspaceStatus.RUNNING) {
            throw new PreconditionFailedException("workspace " + w.getWorkspaceId() + " (" + w.getWorkspaceName() + ") is "
                    + w.getWorkspaceStatus() + ", not RUNNING: buckets are mounted on a running workspace"
                    + (w.getWorkspaceStatusMessage() == null ? "" : " (" + w.getWorkspaceStatusMessage() + ")"));
        }
        return new WorkspaceRef(w.getWorkspaceId(), w.getDeploymentName(), w.getWorkspaceName());
    }

    private void requireMetastore(WorkspaceRef w) {
        AccountsMetastoreAssignment a = Databricks.find("read the metastore assignment of workspace " + w.workspaceId(),
                () -> account.get().metastoreAssignments().get(w.workspaceId())).orElse(null);
        if (a == null || a.getMetastoreAssignment() == null || a.getMetastoreAssignment().getMetastoreId() == null) {
            throw new PreconditionFailedException("workspace " + w.workspaceId() + " has no Unity Catalog metastore assigned:"
                    + " assign one (provision-workspace's configure.metastore, type UNITY_CATALOG) before mode unity-catalog");
        }
    }

    static List<BucketPlan> plan(MountRequest r, WorkspaceRef w) {
        List<String> roles = r.mode() == Mode.UNITY_CATALOG
                ? new ArrayList<>(new LinkedHashSet<>(r.buckets().stream().map(BucketRequest::roleArn).toList()))
                : List.of();
        String base = r.storageCredentialName() != null ? r.storageCredentialName() : defaultCredentialName(w);
        List<BucketPlan> plan = new ArrayList<>();
        for (BucketRequest b : r.buckets()) {
            boolean ro = Boolean.TRUE.equals(b.readOnly());
            plan.add(switch (r.mode()) {
                case DBFS_MOUNT -> new BucketPlan(b.bucket(), b.mountName(), b.instanceProfileArn(), b.roleArn(), b.kmsKeyArn(), ro,
                        "/mnt/" + b.mountName(), "s3a://" + b.bucket(), null);
                case UNITY_CATALOG -> new BucketPlan(b.bucket(), b.mountName(), b.instanceProfileArn(), b.roleArn(), b.kmsKeyArn(), ro,
                        b.mountName(), "s3://" + b.bucket() + "/", credentialName(base, roles, b.roleArn()));
            });
        }
        return plan;
    }

    /**
     * One storage credential per data role: named {@code storageCredentialName} when the request's
     * buckets share one role, else {@code <storageCredentialName>-<role name>} for each role.
     */
    static String credentialName(String base, List<String> roles, String roleArn) {
        if (roles.size() <= 1) return base;
        return base + "-" + roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    /** The schema's default: {@code <workspace name>-data}, with what a credential name cannot hold replaced by '-'. */
    static String defaultCredentialName(WorkspaceRef w) {
        String name = w.workspaceName() == null ? "workspace-" + w.workspaceId() : w.workspaceName();
        return name.replaceAll("[^A-Za-z0-9_-]", "-") + "-data";
    }
}
