package io.dbxcp.accounts.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.model.Change;
import io.dbxcp.accounts.model.LogDeliveryResult;
import io.dbxcp.accounts.model.NetworkResult;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.accounts.model.RolesResult;
import io.dbxcp.common.errors.LambdaErrors;
import io.dbxcp.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The detail of {@code Account Onboarded}: every ARN and id onboarding made or found, what this run
 * created and what it put right, and {@code workspaceRequest}: a "Workspace Requested" detail
 * (events/schemas/workspace-request.schema.json) for a workspace named {@code <prefix>-<account id>}
 * in the account, ready to send as it is or to adjust (its name, tags, configure items).
 */
public final class OnboardingReport {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OnboardingReport() {}

    public static ObjectNode onboarded(OnboardingState s) {
        Plan p = s.plan();
        ObjectNode d = F.objectNode();
        d.put("accountId", p.accountId());
        d.put("accountName", s.request().accountName());
        d.put("region", p.region());
        d.put("origin", p.origin());
        d.put("organizationalUnitId", s.request().organizationalUnitId());
        d.put("createAccountRequestId", s.request().createAccountRequestId());
        d.put("accessRoleArn", p.accessRoleArn());
        ObjectNode keys = d.putObject("keys");
        keys.set("storage", Json.tree(s.keys().storage()));
        keys.set("managedServices", Json.tree(s.keys().managedServices()));
        ObjectNode buckets = d.putObject("buckets");
        buckets.set("root", Json.tree(s.buckets().root()));
        buckets.set("logs", Json.tree(s.buckets().logs()));
        s.buckets().data().forEach(b -> buckets.set(b.purpose(), Json.tree(b)));
        ObjectNode roles = (ObjectNode) Json.tree(s.roles());
        roles.remove("changes");
        d.set("roles", roles);
        if (s.network() != null) {
            ObjectNode network = (ObjectNode) Json.tree(s.network());
            network.remove("changes");
            d.set("network", network);
        } else {
            d.putNull("network");
        }
        ObjectNode databricks = d.putObject("databricks");
        databricks.set("credentials", Json.tree(s.credentials()));
        databricks.set("storageConfiguration", Json.tree(s.storage()));
        databricks.set("logDelivery", Json.tree(s.logDelivery()));
        List<Change> all = changes(s);
        ObjectNode changes = d.putObject("changes");
        changes.set("created", Json.tree(all.stream().filter(c -> Change.CREATED.equals(c.action())).toList()));
        changes.set("updated", Json.tree(all.stream().filter(c -> Change.UPDATED.equals(c.action())).toList()));
        d.set("workspaceRequest", workspaceRequest(s));
        return d;
    }

    /** Every change of the run, AWS and Databricks, in step order. */
    static List<Change> changes(OnboardingState s) {
        List<Change> all = new ArrayList<>();
        Stream.of(s.roles().changes(), s.keys().changes(), s.buckets().changes(), s.network() == null ? List.<Change>of() : s.network().changes())
                .forEach(all::addAll);
        if (s.credentials().created()) all.add(Change.created(s.credentials().kind(), s.credentials().name()));
        if (s.storage().created()) all.add(Change.created(s.storage().kind(), s.storage().name()));
        LogDeliveryResult logs = s.logDelivery();
        if (logs.credentials() != null && logs.credentials().created()) all.add(Change.created(logs.credentials().kind(), logs.credentials().name()));
        if (logs.storage() != null && logs.storage().created()) all.add(Change.created(logs.storage().kind(), logs.storage().name()));
        for (LogDeliveryResult.Delivery del : logs.deliveries()) {
            if ("CREATED".equals(del.outcome())) all.add(Change.created("log-delivery", del.name()));
            if ("ENABLED_AGAIN".equals(del.outcome())) all.add(Change.updated("log-delivery", del.name(), "was disabled; enabled again"));
        }
        return all;
    }

    /** A workspace request for the account, as provision-workspace takes it. */
    public static ObjectNode workspaceRequest(OnboardingState s) {
        Plan p = s.plan();
        RolesResult roles = s.roles();
        String storageKey = s.keys().storage().keyArn();
        ObjectNode r = F.objectNode();
        r.put("requestId", p.baseName());
        r.put("workspaceName", p.baseName());
        r.put("awsAccountId", p.accountId());
        r.put("region", p.region());
        r.put("crossAccountRoleArn", roles.crossAccountRoleArn());
        r.put("rootBucket", s.buckets().root().name());
        NetworkResult n = s.network();
        if (n != null) {
            ObjectNode net = r.putObject("network");
            net.put("vpcId", n.vpcId());
            net.set("subnetIds", strings(n.subnetIds()));
            net.set("securityGroupIds", strings(List.of(n.securityGroupId())));
            if (n.endpoints().workspace() != null && n.endpoints().relay() != null) {
                net.putObject("privateLink").put("restApiVpcEndpointId", n.endpoints().workspace())
                        .put("relayVpcEndpointId", n.endpoints().relay()).put("privateAccessLevel", "ACCOUNT").put("publicAccessEnabled", true);
            }
        }
        r.putObject("keys").put("managedServicesKeyArn", s.keys().managedServices().keyArn()).put("storageKeyArn", storageKey)
                .put("reuseKeyForClusterVolumes", true);
        r.put("pricingTier", "ENTERPRISE"); // customer-managed keys need the Enterprise tier
        ObjectNode configure = r.putObject("configure");
        ArrayNode policies = configure.putArray("clusterPolicies");
        for (String[] kind : new String[][] {{"jobs", "job"}, {"all-purpose", "all-purpose"}}) {
            policies.addObject().put("name", p.prefix() + "-secure-" + kind[0]).put("clusterType", kind[1])
                    .put("instanceProfileArn", roles.metaInstanceProfile().instanceProfileArn()).put("dataKeyArn", storageKey);
        }
        configure.putObject("initScript").put("rootBucketKeyArn", storageKey);
        ArrayNode profiles = configure.putArray("instanceProfiles");
        profiles.addObject().put("instanceProfileArn", roles.metaInstanceProfile().instanceProfileArn()).put("isMetaInstanceProfile", true);
        if (LogDeliveryResult.LIMIT_REACHED.equals(s.logDelivery().status())) {
            // Account-level delivery could not be added: deliver this workspace's logs instead.
            configure.putObject("logDelivery").put("roleArn", roles.logDeliveryRoleArn()).put("bucket", s.buckets().logs().name())
                    .put("pathPrefix", p.options().logPrefix() + "/" + p.baseName());
        }
        return r;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /** The message of a Lambda error's cause (Step Functions gives the error payload as JSON text), else the cause as it is. */
    static String message(String cause) {
        return LambdaErrors.message(cause);
    }
}
