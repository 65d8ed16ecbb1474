package io.dbxcp.accounts.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.accounts.model.OnboardingRequest;
import io.dbxcp.accounts.model.Plan;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.validation.Conversion;
import io.dbxcp.common.validation.SchemaValidator;
import io.dbxcp.common.validation.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Step 1 of onboard-account: checks the request (console executions skip the intake) and derives
 * the plan: the role to assume in the new account (by origin) and the name of everything onboarding
 * makes there, from the prefix and the account id, so that any later run finds it.
 */
public final class Planner {
    /** The data lake layers of the seed's architecture: a bucket and a data role each. */
    public static final List<String> LAYERS = List.of("raw", "prepared", "trusted");

    private final OnboardingConfig config;
    private final String defaultRegion;

    public Planner(OnboardingConfig config, String defaultRegion) {
        this.config = config;
        this.defaultRegion = defaultRegion;
    }

    /**
     * The request as an execution gives it (console executions skip the intake): its schema first
     * (known fields, types, patterns: {@code schemas/onboarding-request.schema.json}), then the rules
     * below; every field at fault is named at once ({@link InvalidRequestException}).
     */
    public OnboardingRequest validate(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw new InvalidRequestException("request", "is not a JSON object: give {\"request\": {\"origin\", \"accountId\", \"region\"}}");
        }
        List<Violation> v = new ArrayList<>(SchemaValidator.validate("onboarding-request", request, "request"));
        if (v.isEmpty()) return validate(Conversion.as(request, OnboardingRequest.class, "request"));
        JsonNode region = request.path("region");
        if ((region.isMissingNode() || region.isNull() || region.isTextual()) && v.stream().noneMatch(x -> x.field().equals("request.region"))) {
            regionViolation(region.isTextual() ? region.asText() : null).ifPresent(v::add);
        }
        throw new InvalidRequestException(v);
    }

    /** The request with its region filled in, or {@link InvalidRequestException} naming every field at fault. */
    public OnboardingRequest validate(OnboardingRequest r) {
        if (r == null) throw new InvalidRequestException("request", "is missing: give {\"request\": {\"origin\", \"accountId\", \"region\"}}");
        List<Violation> v = new ArrayList<>();
        if (r.origin() == null || !Set.of(OnboardingRequest.CONTROL_TOWER, OnboardingRequest.ORGANIZATIONS).contains(r.origin())) {
            v.add(new Violation("request.origin", "is " + r.origin() + ", not CONTROL_TOWER or ORGANIZATIONS"));
        }
        if (r.accountId() == null || !r.accountId().matches("\\d{12}")) {
            v.add(new Violation("request.accountId", "is " + r.accountId() + ", not a 12-digit AWS account id"));
        }
        String region = r.region() == null || r.region().isBlank() ? defaultRegion : r.region();
        regionViolation(region).ifPresent(v::add);
        if (!v.isEmpty()) throw new InvalidRequestException(v);
        return new OnboardingRequest(r.origin(), r.accountId(), r.accountName(), region, r.organizationalUnitId(), r.createAccountRequestId());
    }

    private Optional<Violation> regionViolation(String given) {
        String region = given == null || given.isBlank() ? defaultRegion : given;
        return supportedRegions().contains(region) ? Optional.empty()
                : Optional.of(new Violation("request.region", "is " + region + ", not a region Databricks supports: " + supportedRegions()));
    }

    public Plan plan(OnboardingRequest r) {
        String p = config.prefix();
        String account = r.accountId();
        String region = r.region();
        String base = p + "-" + account;
        String bucketBase = base + "-" + region + "-";
        List<Plan.DataLayer> layers = LAYERS.stream().map(l -> new Plan.DataLayer(l, bucketBase + l, p + "-data-" + l)).toList();
        Plan.Names names = new Plan.Names(p + "-cross-account", p + "-meta-instance-profile", p + "-log-delivery", p + "-policy",
                "alias/" + p + "-storage", "alias/" + p + "-managed-services", bucketBase + "root", bucketBase + "logs", layers,
                p + "-databricks", p + "-databricks-nodes", p + "-databricks-endpoints", p + "-databricks-private",
                base + "-credentials", base + "-storage", base + "-log-delivery-credentials", base + "-log-delivery-storage",
                base + "-billable-usage", base + "-audit-logs");
        String role = OnboardingRequest.CONTROL_TOWER.equals(r.origin()) ? config.controlTowerRoleName() : config.organizationsRoleName();
        List<String> admins = config.keyAdminRoleNames().stream().map(n -> "arn:aws:iam::" + account + ":role/" + n).toList();
        Plan.Options options = new Plan.Options(config.network(), config.vpcCidr(), config.workspaceEndpointService(),
                config.relayEndpointService(), config.logDelivery(), config.logPrefix(), admins);
        return new Plan(p, account, region, r.origin(), "arn:aws:iam::" + account + ":role/" + role, base, config.databricksAccountId(),
                config.databricksAwsAccountId(), names, options);
    }

    /** The regions a workspace request may name (events/schemas/workspace-request.schema.json): onboarding prepares for a workspace there. */
    static Set<String> supportedRegions() {
        JsonNode regions = SchemaValidator.schema("workspace-request").getSchemaNode().at("/properties/region/enum");
        Set<String> out = new HashSet<>();
        regions.forEach(n -> out.add(n.asText()));
        return out;
    }
}
