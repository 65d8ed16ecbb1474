package io.dbxcp.common.kms;

import io.dbxcp.common.validation.Arn;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a KMS key can serve Databricks for some use cases: it exists in the expected region, is a
 * symmetric customer managed key, is Enabled (not disabled, not pending deletion: the date is named),
 * and its key policy grants what each use case needs ({@link KeyUseCase}). Every problem found is
 * returned, each as {@code "key <arn>: <what is wrong>; <what to fix>"}, so a person fixes them all
 * in one go. Used by the provision-workspace preflight and by key rotation.
 */
public final class KeyCheck {
    /** The AWS account Databricks' control plane acts from (commercial regions). */
    public static final String DATABRICKS_AWS_ACCOUNT_ID = "414351767826";

    private final String databricksPrincipal;

    /** @param databricksAwsAccountId the Databricks AWS account (normally {@link #DATABRICKS_AWS_ACCOUNT_ID}) */
    public KeyCheck(String databricksAwsAccountId) {
        this.databricksPrincipal = "arn:aws:iam::" + databricksAwsAccountId + ":root";
    }

    public String databricksPrincipal() {
        return databricksPrincipal;
    }

    /** The outcome for one key: no problems means it passed. */
    public record Result(String keyArn, Set<KeyUseCase> useCases, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }

        /** For a list of what was checked: {@code key <arn> (STORAGE, CLUSTER_VOLUMES)}. */
        public String describe() {
            return "key " + keyArn + " (" + useCases.stream().map(Enum::name).collect(Collectors.joining(", ")) + ")";
        }
    }

    /**
     * Checks one key for the given use cases.
     *
     * @param kms                 reads keys in the region the key must be in
     * @param crossAccountRoleArn the workspace's cross-account role; needed only for {@link KeyUseCase#CLUSTER_VOLUMES}
     * @throws io.dbxcp.common.errors.TransientException when KMS throttles or fails
     */
    public Result check(KeyLookup kms, String keyArn, Set<KeyUseCase> useCases, String crossAccountRoleArn) {
        Set<KeyUseCase> uses = useCases.isEmpty() ? EnumSet.noneOf(KeyUseCase.class) : EnumSet.copyOf(useCases);
        if (uses.contains(KeyUseCase.CLUSTER_VOLUMES) && crossAccountRoleArn == null) {
            throw new IllegalArgumentException("CLUSTER_VOLUMES needs the cross-account role ARN");
        }
        List<String> problems = new ArrayList<>();
        String at = "key " + keyArn + ": ";
        String region = kms.region();
        Optional<Arn> arn = Arn.parse(keyArn);
        if (arn.isPresent() && !arn.get().region().equals(region)) {
            problems.add(at + "is in region " + arn.get().region() + ", not the workspace's region " + region
                    + "; use a key in " + region + " (a KMS key cannot move between regions)");
            return new Result(keyArn, uses, problems);
        }
        Optional<KeyLookup.Facts> facts;
        try {
            facts = kms.describe(keyArn);
        } catch (KeyLookup.AccessDenied e) {
            problems.add(at + "the control plane may not describe it (" + e.getMessage()
                    + "); allow kms:DescribeKey and kms:GetKeyPolicy to the control plane's role in the key policy");
            return new Result(keyArn, uses, problems);
        }
        if (facts.isEmpty()) {
            problems.add(at + "does not exist in " + region + "; create the key or correct the ARN");
            return new Result(keyArn, uses, problems);
        }
        KeyLookup.Facts f = facts.get();
        Arn.parse(f.arn()).filter(a -> !a.region().equals(region)).ifPresent(a -> problems.add(at + "is in region " + a.region()
                + ", not the workspace's region " + region + "; use a key in " + region));
        state(f).ifPresent(p -> problems.add(at + p));
        boolean symmetric = f.keySpec() == null || "SYMMETRIC_DEFAULT".equals(f.keySpec());
        boolean encryption = f.keyUsage() == null || "ENCRYPT_DECRYPT".equals(f.keyUsage());
        if (!symmetric || !encryption) { // an absent field (some emulators leave KeyUsage out) is not held against the key
            problems.add(at + "is a " + f.keySpec() + " key for " + f.keyUsage()
                    + "; Databricks needs a symmetric encryption key (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT)");
        }
        if ("AWS".equals(f.keyManager())) {
            problems.add(at + "is an AWS managed key, whose key policy cannot be changed; use a customer managed key");
        }
        if (uses.stream().anyMatch(u -> u.grantee() != KeyUseCase.Grantee.NONE)) {
            policy(kms, keyArn, uses, crossAccountRoleArn).forEach(p -> problems.add(at + p));
        }
        return new Result(keyArn, uses, problems);
    }

    private static Optional<String> state(KeyLookup.Facts f) {
        String s = f.state() == null ? "Unknown" : f.state();
        return switch (s) {
            case "Enabled" -> Optional.empty();
            case "Disabled" -> Optional.of("is disabled; enable it (kms enable-key)");
            case "PendingDeletion", "PendingReplicaDeletion" -> Optional.of("is pending deletion"
                    + (f.deletionDate() == null ? "" : ", scheduled for "
                    + DateTimeFormatter.ISO_INSTANT.format(f.deletionDate().truncatedTo(ChronoUnit.SECONDS)))
                    + "; cancel the deletion (kms cancel-key-deletion), then enable the key (kms enable-key)");
            case "PendingImport" -> Optional.of("has no key material yet (PendingImport); import its key material");
            default -> Optional.of("is in state " + s + ", not Enabled; wait until it is Enabled or use another key");
        };
    }

    private List<String> policy(KeyLookup kms, String keyArn, Set<KeyUseCase> uses, String crossAccountRoleArn) {
        KeyPolicy policy;
        try {
            policy = KeyPolicy.parse(kms.policy(keyArn));
        } catch (KeyLookup.AccessDenied e) {
            return List.of("the control plane may not read its key policy (" + e.getMessage()
                    + "); allow kms:GetKeyPolicy to the control plane's role in the key policy");
        } catch (IllegalArgumentException e) {
            return List.of("its key policy cannot be read (" + e.getMessage() + "); put a valid JSON key policy");
        }
        Map<KeyUseCase.Grantee, List<KeyUseCase>> byGrantee = new EnumMap<>(KeyUseCase.Grantee.class);
        for (KeyUseCase u : uses) {
            if (u.grantee() != KeyUseCase.Grantee.NONE) byGrantee.computeIfAbsent(u.grantee(), g -> new ArrayList<>()).add(u);
        }
        List<String> problems = new ArrayList<>();
        byGrantee.forEach((grantee, cases) -> {
            String principal = grantee == KeyUseCase.Grantee.DATABRICKS ? databricksPrincipal : crossAccountRoleArn;
            Set<String> needed = new LinkedHashSet<>();
            cases.forEach(u -> needed.addAll(u.actions()));
            List<String> missing = policy.missingActions(principal, needed);
            if (missing.isEmpty()) return;
            List<KeyUseCase> lacking = cases.stream().filter(u -> u.actions().stream().anyMatch(missing::contains)).toList();
            String documented = lacking.stream().filter(u -> u.documentedSid() != null)
                    .map(u -> "\"" + u.documentedSid() + "\"" + (u.conditionHint() == null ? "" : " with " + u.conditionHint()))
                    .distinct().collect(Collectors.joining(" and "));
            problems.add("key policy does not allow " + principal + " " + String.join(", ", missing) + " (needed for "
                    + lacking.stream().map(Enum::name).collect(Collectors.joining(", ")) + "); add them to an Allow statement with "
                    + "Principal {\"AWS\": \"" + principal + "\"} and Resource \"*\""
                    + (documented.isEmpty() ? "" : " (Databricks documents it as statement " + documented + ")"));
        });
        return problems;
    }
}
