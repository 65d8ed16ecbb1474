package io.dbxcp.keys.update;

import static io.dbxcp.common.databricks.DatabricksErrors.call;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.service.provisioning.UpdateWorkspaceRequest;
import com.databricks.sdk.service.provisioning.Workspace;
import com.databricks.sdk.service.provisioning.WorkspaceStatus;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.model.ComputeCheck;
import io.dbxcp.keys.model.KeyConfiguration;
import io.dbxcp.keys.model.KeyUse;
import io.dbxcp.keys.model.Outcome;
import io.dbxcp.keys.model.PatchResult;
import io.dbxcp.keys.model.StatusPoll;
import io.dbxcp.keys.model.UpdatePlan;
import io.dbxcp.keys.model.WorkspaceOutcome;
import io.dbxcp.keys.model.WorkspaceTarget;
import io.dbxcp.keys.model.WorkspaceUpdate;
import io.dbxcp.keys.usage.KeyDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one workspace in a replacement: plan (re-read the workspace; skip what is set
 * already, refuse what Databricks would refuse, before any PATCH), look at running compute, PATCH
 * with an {@code update_mask} naming exactly the one field sent, poll, and verify by reading the
 * workspace again (an update that fails may revert silently: a field that does not hold the new key
 * is a failure, never a success). A PATCH refused with INVALID_STATE while the field holds the new
 * key already is a PATCH sent again after Databricks applied the first one and its answer was lost
 * (the workspace re-provisions meanwhile): it counts as sent, and the workspace is polled.
 */
public final class WorkspaceUpdateService {
    /** Databricks' refusal of a PATCH while classic compute runs in the workspace's subnets. */
    static final String COMPUTE_RUNNING = "terminate all pool & cluster EC2 instances";
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceUpdateService.class);

    private final Supplier<AccountClient> account;
    private final BiFunction<Long, String, WorkspaceClient> workspaces;
    private final KeyDirectory directory;
    private final KeysConfig config;
    private final Clock clock;

    public WorkspaceUpdateService(Supplier<AccountClient> account, BiFunction<Long, String, WorkspaceClient> workspaces,
                                  KeysConfig config, Clock clock) {
        this.account = account;
        this.workspaces = workspaces;
        this.directory = new KeyDirectory(account);
        this.config = config;
        this.clock = clock;
    }

    public UpdatePlan plan(WorkspaceUpdate s) {
        WorkspaceTarget t = s.workspace();
        KeyUse use = s.useCase();
        String newId = s.newKey().customerManagedKeyId();
        Workspace w = directory.workspace(t.workspaceId()).orElse(null);
        if (w == null) {
            return skip(s, null, Outcome.FAILED, "the workspace no longer exists in the Databricks account; nothing was sent");
        }
        String current = use.read(w);
        if (newId.equals(current)) {
            return skip(s, current, Outcome.ALREADY_SET, use.field() + " holds the new key configuration " + newId
                    + " already; nothing was sent");
        }
        if (use == KeyUse.STORAGE && current != null) {
            String currentArn = directory.configuration(current).map(KeyConfiguration::keyArn).orElse("unknown key");
            return skip(s, current, Outcome.REFUSED, "the workspace has a storage key already (key configuration " + current
                    + ", " + currentArn + "): Databricks lets a workspace's storage key be added once, never replaced; no PATCH was"
                    + " sent. Keep the current key (KMS automatic rotation keeps its ARN), or move the data to a new workspace");
        }
        if (w.getWorkspaceStatus() != WorkspaceStatus.RUNNING) {
            return skip(s, current, Outcome.REFUSED, "the workspace is " + w.getWorkspaceStatus()
                    + (w.getWorkspaceStatusMessage() == null ? "" : " (" + w.getWorkspaceStatusMessage() + ")")
                    + ", not RUNNING: its key is changed when it runs; no PATCH was sent. Send the request again once it is RUNNING");
        }
        int minutes = s.waitForIdleComputeMinutes();
        int maxWaits = (int) Math.ceil(minutes * 60.0 / KeysConfig.IDLE_COMPUTE_POLL_SECONDS);
        LOG.info("workspace {}: {} {} -> {}; waits for idle compute at most {} time(s)", t.workspaceId(), use.field(),
                current == null ? "(none)" : current, newId, maxWaits);
        return new UpdatePlan(UpdatePlan.Action.PATCH, use.field(), current, maxWaits, null);
    }

    public ComputeCheck compute(WorkspaceUpdate s) {
        WorkspaceTarget t = s.workspace();
        List<String> running = RunningCompute.of(workspaces.apply(t.workspaceId(), t.deploymentName()), t.workspaceId());
        int checks = (s.compute() == null ? 0 : s.compute().checks()) + 1;
        boolean canWait = checks <= s.plan().maxComputeWaits();
        String summary = running.isEmpty() ? "no classic compute runs" : String.join(", ", running);
        if (!running.isEmpty()) {
            LOG.info("workspace {}: look {} at compute: {} running ({}); {}", t.workspaceId(), checks, running.size(), summary,
                    canWait ? "waits" : "no more waiting");
        }
        return new ComputeCheck(running.isEmpty(), running, checks, canWait, summary);
    }

    public PatchResult patch(WorkspaceUpdate s) {
        WorkspaceTarget t = s.workspace();
        KeyUse use = s.useCase();
        String mask = use.field(); // exactly the one field sent
        String newId = s.newKey().customerManagedKeyId();
        UpdateWorkspaceRequest req = new UpdateWorkspaceRequest().setWorkspaceId(t.workspaceId()).setUpdateMask(mask)
                .setCustomerFacingWorkspace(use.body(newId));
        String at = now();
        try {
            Workspace after = call("PATCH workspace " + t.workspaceId() + " " + mask, () -> account.get().workspaces().update(req).getResponse());
            String status = after == null || after.getWorkspaceStatus() == null ? null : after.getWorkspaceStatus().name();
            LOG.info("workspace {}: PATCH update_mask={} sent; status {}", t.workspaceId(), mask, status);
            return new PatchResult(true, false, mask, at, status, null);
        } catch (InvalidState e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains(COMPUTE_RUNNING)) {
                LOG.info("workspace {}: PATCH refused, compute started since the last look: {}", t.workspaceId(), message);
                return new PatchResult(false, true, mask, at, null, "Databricks refused the PATCH: " + message);
            }
            Workspace now = directory.workspace(t.workspaceId()).orElse(null);
            if (now != null && newId.equals(use.read(now))) {
                // a PATCH of this run was applied but its answer was lost (the SDK or the state machine sent it again)
                String status = now.getWorkspaceStatus() == null ? null : now.getWorkspaceStatus().name();
                LOG.info("workspace {}: PATCH refused ({}), but {} holds {} already: an earlier PATCH of this run was applied; status {}",
                        t.workspaceId(), message, mask, newId, status);
                return new PatchResult(true, false, mask, at, status, null);
            }
            throw new PreconditionFailedException("workspace " + t.workspaceId() + ": Databricks refused the PATCH of " + mask
                    + ": " + message, e);
        }
    }

    public StatusPoll poll(WorkspaceUpdate s) {
        WorkspaceTarget t = s.workspace();
        Workspace w = call("get workspace " + t.workspaceId(), () -> account.get().workspaces().get(t.workspaceId()));
        int polls = (s.status() == null ? 0 : s.status().polls()) + 1;
        return new StatusPoll(w.getWorkspaceStatus() == null ? null : w.getWorkspaceStatus().name(), w.getWorkspaceStatusMessage(), polls);
    }

    public WorkspaceOutcome verify(WorkspaceUpdate s) {
        WorkspaceTarget t = s.workspace();
        KeyUse use = s.useCase();
        String newId = s.newKey().customerManagedKeyId();
        Workspace w = call("get workspace " + t.workspaceId(), () -> account.get().workspaces().get(t.workspaceId()));
        String actual = use.read(w);
        String previous = s.plan() == null ? t.currentKeyConfigurationId() : s.plan().previousKeyConfigurationId();
        String patchedAt = s.patch() == null ? null : s.patch().patchedAt();
        if (!newId.equals(actual)) {
            String reason = "after the PATCH the workspace is " + w.getWorkspaceStatus() + " and " + use.field() + " holds "
                    + (actual == null ? "no key" : "key configuration " + actual) + ", not the new key configuration " + newId
                    + ": Databricks did not apply the update (a failed update may revert silently). Look at the workspace in the"
                    + " account console, then send the request again";
            LOG.warn("workspace {}: {}", t.workspaceId(), reason);
            return new WorkspaceOutcome(s.requestId(), t.workspaceId(), t.workspaceName(), t.deploymentName(), use, use.field(),
                    Outcome.FAILED, previous, newId, s.newKey().keyArn(), patchedAt, now(), null, reason, "VerifyWorkspaceKey",
                    "KeyNotApplied");
        }
        String mayStart = null;
        String reason = null;
        if (use == KeyUse.STORAGE) {
            Instant from = patchedAt == null ? clock.instant() : Instant.parse(patchedAt);
            mayStart = from.plus(config.storageKeySettle()).truncatedTo(ChronoUnit.SECONDS).toString();
            reason = "a storage key takes about " + config.storageKeySettle().toMinutes() + " minutes to apply: do not start clusters"
                    + " or call DBFS before " + mayStart + "; only data written from now on is encrypted with the new key";
        } else {
            reason = "only new or updated data is encrypted with the new key; existing data keeps the old one: keep the old key"
                    + " enabled and its policy unchanged";
        }
        LOG.info("workspace {}: {} holds {} now", t.workspaceId(), use.field(), newId);
        return new WorkspaceOutcome(s.requestId(), t.workspaceId(), t.workspaceName(), t.deploymentName(), use, use.field(),
                Outcome.UPDATED, previous, newId, s.newKey().keyArn(), patchedAt, now(), mayStart, reason, null, null);
    }

    private UpdatePlan skip(WorkspaceUpdate s, String current, Outcome outcome, String reason) {
        WorkspaceTarget t = s.workspace();
        LOG.info("workspace {}: {}: {}", t.workspaceId(), outcome, reason);
        WorkspaceOutcome o = new WorkspaceOutcome(s.requestId(), t.workspaceId(), t.workspaceName(), t.deploymentName(), s.useCase(),
                s.useCase().field(), outcome, current, s.newKey().customerManagedKeyId(), s.newKey().keyArn(), null, null, null, reason,
                outcome == Outcome.ALREADY_SET ? null : "PlanWorkspaceUpdate", null);
        return new UpdatePlan(UpdatePlan.Action.SKIP, s.useCase().field(), current, 0, o);
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
