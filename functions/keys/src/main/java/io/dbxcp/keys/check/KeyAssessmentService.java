package io.dbxcp.keys.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.kms.KeyCheck;
import io.dbxcp.common.kms.KeyLookup;
import io.dbxcp.common.kms.KeyUseCase;
import io.dbxcp.common.validation.Arn;
import io.dbxcp.keys.model.KeyAssessment;
import io.dbxcp.keys.model.KeyAssessment.Verdict;
import io.dbxcp.keys.model.KeyExecution;
import io.dbxcp.keys.model.KeyRequest;
import io.dbxcp.keys.model.KeyUsage;
import io.dbxcp.keys.model.KeyUse;
import io.dbxcp.keys.model.Kind;
import io.dbxcp.keys.model.WorkspaceUse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State AssessKey: checks the key for every workspace that uses it and decides what to announce.
 *
 * <p>For each workspace the key must pass {@link KeyCheck} for what that workspace uses it for:
 * MANAGED_SERVICES; STORAGE, and CLUSTER_VOLUMES (through its cross-account role) when its key
 * configuration reuses the key for EBS volumes. Then, by trigger:
 * <ul>
 *   <li>ROTATED: every check passes: {@code Key Rotation Verified}; else {@code Key At Risk} (reason CHECK_FAILED);</li>
 *   <li>POLICY_CHANGED: every check passes: {@code Key Policy Verified}; else {@code Key At Risk} (reason POLICY_CHANGED);</li>
 *   <li>DISABLED, DELETION_SCHEDULED: always {@code Key At Risk}, with {@code stillAtRisk} false if the key
 *       serves Databricks again by the time of the check (enabled again, deletion cancelled);</li>
 *   <li>no workspace uses the key: nothing is announced (verdict NOT_USED).</li>
 * </ul>
 * A check that cannot read the key (access denied) is reported as a problem, never as a pass.
 */
public final class KeyAssessmentService {
    private static final Logger LOG = LoggerFactory.getLogger(KeyAssessmentService.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The KMS lookup of a key, in its own account and region. */
    @FunctionalInterface
    public interface Lookups {
        KeyLookup of(String accountId, String region);
    }

    private final KeyCheck keyCheck;
    private final Lookups lookups;
    private final Clock clock;

    public KeyAssessmentService(String databricksAwsAccountId, Lookups lookups, Clock clock) {
        this.keyCheck = new KeyCheck(databricksAwsAccountId);
        this.lookups = lookups;
        this.clock = clock;
    }

    public KeyAssessment assess(KeyExecution state) {
        KeyRequest r = state.request();
        KeyUsage usage = state.usage();
        String keyArn = r.keyArn();
        if (usage == null || usage.workspaces().isEmpty()) {
            int configs = usage == null ? 0 : usage.keyConfigurations().size();
            String summary = "no workspace uses key " + keyArn + " (" + configs + " key configuration(s) name it): nothing to announce";
            LOG.info(summary);
            return new KeyAssessment(Verdict.NOT_USED, null, null, summary);
        }
        Arn arn = Arn.parse(keyArn).orElseThrow();
        CachedKeyLookup kms = new CachedKeyLookup(lookups.of(arn.account(), arn.region()));
        Optional<KeyLookup.Facts> facts;
        try {
            facts = kms.describe(keyArn);
        } catch (KeyLookup.AccessDenied denied) {
            facts = Optional.empty();
        }

        Set<String> problems = new LinkedHashSet<>();
        ArrayNode workspaces = F.arrayNode();
        for (WorkspaceUse w : usage.workspaces()) {
            Set<KeyUseCase> uses = useCases(w);
            String region = w.region() == null ? arn.region() : w.region();
            KeyCheck.Result result = keyCheck.check(kms.in(region), keyArn, uses, w.crossAccountRoleArn());
            problems.addAll(result.problems());
            ObjectNode n = workspace(w);
            n.set("checked", strings(uses.stream().map(Enum::name).toList()));
            n.set("problems", strings(result.problems()));
            workspaces.add(n);
        }
        boolean ok = problems.isEmpty();
        Verdict verdict = switch (r.kind()) {
            case ROTATED, POLICY_CHANGED -> ok ? Verdict.VERIFIED : Verdict.AT_RISK;
            case DISABLED, DELETION_SCHEDULED -> Verdict.AT_RISK;
            case REPLACE -> throw new IllegalArgumentException("a replacement is not assessed here");
        };
        String checkedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String state0 = facts.map(KeyLookup.Facts::state).orElse("Unknown");
        KeyAssessment a = verdict == Verdict.VERIFIED
                ? verified(state, facts, workspaces, checkedAt)
                : atRisk(state, facts, workspaces, new ArrayList<>(problems), ok, checkedAt);
        LOG.info("key {} ({}) for {} workspace(s): {}", keyArn, state0, usage.workspaces().size(), a.summary());
        return a;
    }

    /** What a workspace's use of the key needs from the key policy. */
    static Set<KeyUseCase> useCases(WorkspaceUse w) {
        Set<KeyUseCase> uses = EnumSet.noneOf(KeyUseCase.class);
        if (w.useCases().contains(KeyUse.MANAGED_SERVICES)) uses.add(KeyUseCase.MANAGED_SERVICES);
        if (w.useCases().contains(KeyUse.STORAGE)) {
            uses.add(KeyUseCase.STORAGE);
            if (w.reuseForClusterVolumes() && w.crossAccountRoleArn() != null) uses.add(KeyUseCase.CLUSTER_VOLUMES);
        }
        return uses;
    }

    private KeyAssessment verified(KeyExecution state, Optional<KeyLookup.Facts> facts, ArrayNode workspaces, String checkedAt) {
        KeyRequest r = state.request();
        boolean rotation = r.kind() == Kind.ROTATED;
        ObjectNode d = F.objectNode();
        d.put("keyArn", r.keyArn());
        d.put("trigger", r.kind().name());
        d.put("keyState", facts.map(KeyLookup.Facts::state).orElse("Unknown"));
        if (rotation) {
            d.put("rotatedAt", state.trigger() == null ? null : state.trigger().path("time").asText(null));
        } else {
            d.put("changedBy", r.changedBy());
            d.put("changedAt", r.changedAt());
        }
        d.put("checkedAt", checkedAt);
        d.put("eventId", eventId(state));
        d.set("workspaces", workspaces);
        String type = rotation ? "Key Rotation Verified" : "Key Policy Verified";
        return new KeyAssessment(Verdict.VERIFIED, type, d, type + ": the key serves all " + workspaces.size() + " workspace(s) that use it");
    }

    private KeyAssessment atRisk(KeyExecution state, Optional<KeyLookup.Facts> facts, ArrayNode workspaces, List<String> problems,
                                 boolean checkPassed, String checkedAt) {
        KeyRequest r = state.request();
        String reason = switch (r.kind()) {
            case ROTATED -> "CHECK_FAILED";
            default -> r.kind().name();
        };
        Instant deadline = r.kind() == Kind.DELETION_SCHEDULED ? deletionDate(r, facts) : null;
        for (JsonNode w : workspaces) {
            List<String> impact = new ArrayList<>();
            w.path("useCases").forEach(u -> impact.add(KeyUse.valueOf(u.asText()).impact()));
            ((ObjectNode) w).put("impact", String.join("; ", impact));
        }
        ObjectNode d = F.objectNode();
        d.put("keyArn", r.keyArn());
        d.put("reason", reason);
        d.put("trigger", r.kind().name());
        d.put("changedBy", r.changedBy());
        d.put("changedAt", r.changedAt());
        d.put("keyState", facts.map(KeyLookup.Facts::state).orElse("Unknown"));
        d.put("deadline", deadline == null ? null : deadline.toString());
        d.put("urgency", deadline == null ? "IMMEDIATE" : "BEFORE_DEADLINE");
        d.put("stillAtRisk", !checkPassed);
        d.set("problems", strings(problems));
        d.set("workspaces", workspaces);
        d.put("whatToDo", whatToDo(r, deadline, checkPassed));
        d.put("checkedAt", checkedAt);
        d.put("eventId", eventId(state));
        String summary = "Key At Risk (" + reason + "): " + workspaces.size() + " workspace(s)"
                + (deadline == null ? "" : ", deadline " + deadline) + (checkPassed ? "; the key serves Databricks again now" : "");
        return new KeyAssessment(Verdict.AT_RISK, "Key At Risk", d, summary);
    }

    /** The deletion date: the CloudTrail record's when it reads as an instant, else KMS's own. */
    private static Instant deletionDate(KeyRequest r, Optional<KeyLookup.Facts> facts) {
        if (r.deletionDate() != null) {
            try {
                return Instant.parse(r.deletionDate()).truncatedTo(ChronoUnit.SECONDS);
            } catch (DateTimeParseException e) {
                // the intake keeps a CloudTrail date it cannot read as it is: ask KMS
            }
        }
        return facts.map(KeyLookup.Facts::deletionDate).map(d -> d.truncatedTo(ChronoUnit.SECONDS)).orElse(null);
    }

    private static String whatToDo(KeyRequest r, Instant deadline, boolean checkPassed) {
        String arn = r.keyArn();
        String move = " To retire the key instead, first move each workspace's managed-services key to another key with a"
                + " 'Key Replacement Requested' event (a storage key cannot be replaced: keep this key for those workspaces).";
        if (checkPassed) {
            return "The key serves Databricks again (the check at checkedAt passed): nothing to do now, but find out why it was "
                    + (r.kind() == Kind.DISABLED ? "disabled" : "scheduled for deletion") + "." + move;
        }
        return switch (r.kind()) {
            case DISABLED -> "Enable the key now (aws kms enable-key --key-id " + arn + "): Databricks loses access to what it"
                    + " encrypts once its cached data encryption key expires." + move;
            case DELETION_SCHEDULED -> "Cancel the deletion before " + (deadline == null ? "the deletion date" : deadline)
                    + " (aws kms cancel-key-deletion --key-id " + arn + ", then aws kms enable-key --key-id " + arn
                    + "): once the key is deleted, data encrypted with it cannot be recovered, and Databricks loses access as soon"
                    + " as its cached data encryption key expires." + move;
            default -> "Give Databricks back what each problem names (the key policy statements Databricks documents for"
                    + " customer-managed keys), or enable the key: Databricks loses access once its cached data encryption key expires.";
        };
    }

    private static ObjectNode workspace(WorkspaceUse w) {
        ObjectNode n = F.objectNode();
        n.put("workspaceId", w.workspaceId());
        n.put("workspaceName", w.workspaceName());
        n.put("deploymentName", w.deploymentName());
        n.put("region", w.region());
        n.put("status", w.status());
        n.set("useCases", strings(w.useCases().stream().map(Enum::name).toList()));
        n.set("keyConfigurationIds", strings(w.keyConfigurationIds()));
        return n;
    }

    private static String eventId(KeyExecution state) {
        return state.trigger() == null ? null : state.trigger().path("eventId").asText(null);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

}
