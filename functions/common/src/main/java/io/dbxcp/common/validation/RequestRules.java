package io.dbxcp.common.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.errors.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validation of a request: its JSON Schema first (shape, types, patterns), then the rules a schema
 * cannot say (an ARN in another account or region, a Glue metastore without a customer-managed
 * VPC). The intake runs it on every event and each workflow's first state runs it again, because
 * console executions skip the intake.
 */
public final class RequestRules {
    private RequestRules() {}

    /** Throws {@link InvalidRequestException} naming every violation, if any. */
    public static void require(String schemaName, JsonNode request, String root) {
        List<Violation> v = check(schemaName, request, root);
        if (!v.isEmpty()) throw new InvalidRequestException(v);
    }

    public static List<Violation> check(String schemaName, JsonNode request, String root) {
        List<Violation> violations = new ArrayList<>(SchemaValidator.validate(schemaName, request, root));
        if (!violations.isEmpty()) return violations; // rules below assume the shape is right
        Checker c = new Checker(root, violations);
        switch (schemaName) {
            case "workspace-request" -> workspaceRequest(request, c);
            case "bucket-mount-request" -> mounts(request, c, "");
            case "key-replacement-request" -> keyReplacement(request, c);
            default -> { }
        }
        return violations;
    }

    private static void workspaceRequest(JsonNode r, Checker c) {
        String account = r.path("awsAccountId").asText();
        String region = r.path("region").asText();
        c.sameAccount("crossAccountRoleArn", r.path("crossAccountRoleArn"), account);
        JsonNode keys = r.path("keys");
        c.key("keys.managedServicesKeyArn", keys.path("managedServicesKeyArn"), account, region);
        c.key("keys.storageKeyArn", keys.path("storageKeyArn"), account, region);
        JsonNode conf = r.path("configure");
        JsonNode policies = conf.path("clusterPolicies");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < policies.size(); i++) {
            JsonNode p = policies.get(i);
            String at = "configure.clusterPolicies[" + i + "]";
            if (!names.add(p.path("name").asText())) c.add(at + ".name", "is used by another policy of this request");
            if (p.path("minWorkers").asInt(1) > p.path("maxWorkers").asInt(8)) {
                c.add(at + ".minWorkers", "is more than maxWorkers");
            }
            c.sameAccount(at + ".instanceProfileArn", p.path("instanceProfileArn"), account);
            c.key(at + ".dataKeyArn", p.path("dataKeyArn"), account, region);
        }
        c.key("configure.initScript.rootBucketKeyArn", conf.path("initScript").path("rootBucketKeyArn"), account, region);
        JsonNode scopes = conf.path("secretScopes");
        Set<String> scopeNames = new HashSet<>();
        for (int i = 0; i < scopes.size(); i++) {
            if (!scopeNames.add(scopes.get(i).path("name").asText().toLowerCase())) {
                c.add("configure.secretScopes[" + i + "].name", "is used by another scope of this request");
            }
        }
        JsonNode profiles = conf.path("instanceProfiles");
        for (int i = 0; i < profiles.size(); i++) {
            c.sameAccount("configure.instanceProfiles[" + i + "].instanceProfileArn", profiles.get(i).path("instanceProfileArn"), account);
            c.sameAccount("configure.instanceProfiles[" + i + "].iamRoleArn", profiles.get(i).path("iamRoleArn"), account);
        }
        c.sameAccount("configure.logDelivery.roleArn", conf.path("logDelivery").path("roleArn"), account);
        JsonNode metastore = conf.path("metastore");
        String type = metastore.path("type").asText("");
        if (type.equals("UNITY_CATALOG") && !metastore.has("metastoreId")) {
            c.add("configure.metastore.metastoreId", "is required when type is UNITY_CATALOG");
        }
        if (!type.equals("UNITY_CATALOG") && (metastore.has("metastoreId") || metastore.has("defaultCatalogName"))) {
            c.add("configure.metastore", "metastoreId and defaultCatalogName apply only to type UNITY_CATALOG");
        }
        if (type.equals("GLUE") && !r.has("network")) {
            c.add("configure.metastore.type", "GLUE needs a customer-managed VPC: set network");
        }
        if (conf.has("mounts")) mounts(conf.path("mounts"), c, "configure.mounts.");
        for (int i = 0; i < conf.path("mounts").path("buckets").size(); i++) {
            JsonNode b = conf.path("mounts").path("buckets").get(i);
            String at = "configure.mounts.buckets[" + i + "]";
            c.key(at + ".kmsKeyArn", b.path("kmsKeyArn"), account, region);
            c.sameAccount(at + ".instanceProfileArn", b.path("instanceProfileArn"), account);
            c.sameAccount(at + ".roleArn", b.path("roleArn"), account);
        }
    }

    private static void mounts(JsonNode m, Checker c, String prefix) {
        String mode = m.path("mode").asText();
        JsonNode buckets = m.path("buckets");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < buckets.size(); i++) {
            JsonNode b = buckets.get(i);
            String at = prefix + "buckets[" + i + "]";
            if (!names.add(b.path("mountName").asText())) c.add(at + ".mountName", "is used by another bucket of this request");
            if (mode.equals("dbfs-mount") && !b.has("instanceProfileArn")) {
                c.add(at + ".instanceProfileArn", "is required in mode dbfs-mount (the mount cluster runs with it)");
            }
            if (mode.equals("unity-catalog") && !b.has("roleArn")) {
                c.add(at + ".roleArn", "is required in mode unity-catalog (the storage credential assumes it)");
            }
        }
    }

    private static void keyReplacement(JsonNode r, Checker c) {
        boolean ids = r.has("workspaceIds");
        boolean old = r.has("oldKeyArn");
        if (ids == old) c.add("workspaceIds", "name either workspaceIds or oldKeyArn, not " + (ids ? "both" : "neither"));
        if (old && r.path("oldKeyArn").asText().equals(r.path("newKeyArn").asText())) {
            c.add("newKeyArn", "is the same key as oldKeyArn");
        }
        if (old) {
            Arn o = Arn.parse(r.path("oldKeyArn").asText()).orElseThrow();
            Arn n = Arn.parse(r.path("newKeyArn").asText()).orElseThrow();
            if (!o.region().equals(n.region())) c.add("newKeyArn", "is in region " + n.region() + " but oldKeyArn is in " + o.region() + ": a workspace's key must be in its region");
        }
    }

    private record Checker(String root, List<Violation> out) {
        void add(String field, String reason) {
            out.add(new Violation(root.isEmpty() ? field : root + "." + field, reason));
        }

        void sameAccount(String field, JsonNode value, String account) {
            if (value.isMissingNode() || value.isNull()) return;
            Arn.parse(value.asText()).ifPresent(a -> {
                if (!a.account().equals(account)) add(field, "is in account " + a.account() + ", not in awsAccountId " + account);
            });
        }

        void key(String field, JsonNode value, String account, String region) {
            if (value.isMissingNode() || value.isNull()) return;
            sameAccount(field, value, account);
            Arn.parse(value.asText()).ifPresent(a -> {
                if (!a.region().equals(region)) add(field, "is in region " + a.region() + ", not in the workspace's region " + region);
            });
        }
    }
}
