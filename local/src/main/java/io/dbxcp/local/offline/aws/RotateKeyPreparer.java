package io.dbxcp.local.offline.aws;

import com.databricks.sdk.service.provisioning.KeyUseCase;
import com.databricks.sdk.service.provisioning.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.local.offline.FixtureContext;
import io.dbxcp.local.offline.OfflineBackends;
import io.dbxcp.local.offline.FixturePreparer;
import java.util.Set;

/**
 * Offline runs of rotate-key ({@code scripts/run events/kms-cmk-rotation.json}, the CloudTrail
 * samples, {@code events/key-replacement-request.json}): makes in moto the key the request names
 * and in the emulator a RUNNING workspace that uses it (see {@link KeyFixtures}), puts the key in
 * the state the event reports (disabled, pending deletion, a policy without Databricks), and
 * rewrites the input's key ARNs (and workspace ids) in place to name what it made. A replacement
 * gets its old key (or a workspace without a key, for {@code workspaceIds}) and a new key.
 */
public final class RotateKeyPreparer implements FixturePreparer {
    @Override
    public Set<String> workflows() {
        return Set.of("rotate-key");
    }

    @Override
    public void prepare(FixtureContext context) {
        if (!(context.input() instanceof ObjectNode input) || context.emulator() == null) return;
        ObjectNode request = input.path("request").isObject() ? (ObjectNode) input.get("request") : input;
        String region = region(request);
        KeyFixtures f = new KeyFixtures(OfflineBackends.awsSettings(context.environment()), context.emulator(), region);
        String kind = request.path("kind").asText(request.hasNonNull("newKeyArn") ? "REPLACE" : "ROTATED");
        String made = kind.equals("REPLACE") ? replacement(f, request) : keyInUse(f, request, kind);
        context.log().println("  prepared: " + made);
    }

    private static String keyInUse(KeyFixtures f, ObjectNode request, String kind) {
        String key = f.key("dbxcp sample key for " + request.path("keyArn").asText());
        Workspace w = f.workspace("sample-rotate-key", f.keyConfiguration(key, KeyUseCase.MANAGED_SERVICES), null, false);
        switch (kind) {
            case "DISABLED" -> f.disable(key);
            case "DELETION_SCHEDULED" -> request.put("deletionDate", f.scheduleDeletion(key, Math.max(7, request.path("pendingWindowInDays").asInt(30))));
            case "POLICY_CHANGED" -> f.putPolicy(key, f.policyWithoutDatabricks());
            default -> { }
        }
        request.put("keyArn", key);
        return "key " + key + " (" + kind + ") used by workspace " + w.getWorkspaceId() + " for MANAGED_SERVICES";
    }

    private static String replacement(KeyFixtures f, ObjectNode request) {
        KeyUseCase use = KeyUseCase.valueOf(request.path("useCase").asText("MANAGED_SERVICES"));
        String newKey = f.key("dbxcp sample new key for " + request.path("newKeyArn").asText());
        request.put("newKeyArn", newKey);
        if (request.hasNonNull("oldKeyArn")) {
            String oldKey = f.key("dbxcp sample old key for " + request.path("oldKeyArn").asText());
            String config = f.keyConfiguration(oldKey, use);
            f.workspace("sample-replace", use == KeyUseCase.MANAGED_SERVICES ? config : null, use == KeyUseCase.STORAGE ? config : null, false);
            request.put("oldKeyArn", oldKey);
        } else {
            Workspace w = f.workspace("sample-replace", null, null, false);
            request.putArray("workspaceIds").add(w.getWorkspaceId());
        }
        return "new key " + newKey + " and a workspace for " + use;
    }

    private static String region(JsonNode request) {
        for (String field : new String[] {"keyArn", "newKeyArn", "oldKeyArn"}) {
            String[] p = request.path(field).asText("").split(":");
            if (p.length > 3 && !p[3].isEmpty()) return p[3];
        }
        return "us-east-1";
    }
}
