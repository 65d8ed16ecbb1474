package io.dbxcp.local.offline.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.local.offline.AwsClientConfig;
import io.dbxcp.local.offline.FixtureContext;
import io.dbxcp.local.offline.FixturePreparer;
import io.dbxcp.local.template.FunctionSpec;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Offline runs of onboard-account: makes in moto the new account's access role, as Control Tower
 * or Organizations leave it in a real new account: {@code AWSControlTowerExecution} or
 * {@code OrganizationAccountAccessRole} (the names the PlanOnboarding function is configured with),
 * trusting the control plane's account, with administrator permissions. Moto serves any number of
 * accounts: a role assumed in account X acts in X, so the preparer assumes a bootstrap role in the
 * new account to make it there. Without it, the workflow's AssumeAccountRole finds no role and
 * waits, as it would for a role that is not there yet.
 */
public final class OnboardAccountPreparer implements FixturePreparer {
    static final String DEFAULT_CONTROL_TOWER_ROLE = "AWSControlTowerExecution";
    static final String DEFAULT_ORGANIZATIONS_ROLE = "OrganizationAccountAccessRole";

    @Override
    public Set<String> workflows() {
        return Set.of("onboard-account");
    }

    @Override
    public void prepare(FixtureContext context) {
        JsonNode input = context.input();
        JsonNode request = input.path("request").isObject() ? input.path("request") : input;
        String account = request.path("accountId").asText("");
        if (!account.matches("\\d{12}")) return;
        String roleName = roleName(context, request.path("origin").asText());
        createAccessRole(context.environment(), account, roleName);
        context.log().println("  prepared in moto: account " + account + " with its access role " + roleName);
    }

    /** Makes {@code roleName} in {@code account} (idempotent), trusting the caller's account, with every permission. */
    public static void createAccessRole(Map<String, String> env, String account, String roleName) {
        try (StsClient sts = AwsClientConfig.build(StsClient.builder(), env)) {
            String controlPlane = sts.getCallerIdentity().account();
            Credentials c = sts.assumeRole(b -> b.roleArn("arn:aws:iam::" + account + ":role/dbxcp-offline-bootstrap")
                    .roleSessionName("dbxcp-offline")).credentials();
            var iamBuilder = IamClient.builder().region(Region.AWS_GLOBAL)
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(),
                            c.sessionToken())));
            String endpoint = env.get("AWS_ENDPOINT_URL");
            if (endpoint != null && !endpoint.isBlank()) iamBuilder.endpointOverride(URI.create(endpoint));
            try (IamClient iam = iamBuilder.build()) {
                try {
                    iam.createRole(b -> b.roleName(roleName).assumeRolePolicyDocument("""
                            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                             "Action":"sts:AssumeRole"}]}""".formatted(controlPlane)));
                } catch (EntityAlreadyExistsException exists) {
                    return;
                }
                iam.putRolePolicy(b -> b.roleName(roleName).policyName("AdministratorAccess").policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
            }
        }
    }

    private static String roleName(FixtureContext context, String origin) {
        boolean controlTower = "CONTROL_TOWER".equals(origin);
        String variable = controlTower ? "CONTROL_TOWER_ROLE_NAME" : "ORGANIZATIONS_ROLE_NAME";
        Optional<FunctionSpec> plan = context.bindings().function("OnboardPlanFunction");
        String configured = plan.map(f -> context.bindings().environment(f).variables().get(variable)).orElse(null);
        if (configured != null && !configured.isBlank()) return configured;
        return controlTower ? DEFAULT_CONTROL_TOWER_ROLE : DEFAULT_ORGANIZATIONS_ROLE;
    }
}
