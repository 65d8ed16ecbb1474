package io.dbxcp.accounts.plan;

import io.dbxcp.common.config.Env;
import io.dbxcp.common.kms.KeyCheck;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The onboarding configuration (the PlanOnboarding function's environment; every later step reads
 * the plan instead).
 *
 * @param prefix                    {@code NAME_PREFIX} (default {@code dbxcp}): every name derives from it and the account id
 * @param controlTowerRoleName      {@code CONTROL_TOWER_ROLE_NAME} (default {@code AWSControlTowerExecution}): assumed in accounts Control Tower made
 * @param organizationsRoleName     {@code ORGANIZATIONS_ROLE_NAME} (default {@code OrganizationAccountAccessRole}): assumed in accounts Organizations made
 * @param databricksAccountId       {@code DATABRICKS_ACCOUNT_ID}: the external id of the roles Databricks assumes
 * @param databricksAwsAccountId    {@code DATABRICKS_AWS_ACCOUNT_ID} (default 414351767826)
 * @param network                   {@code ONBOARD_NETWORK} (default false): make the customer-managed VPC
 * @param vpcCidr                   {@code ONBOARD_VPC_CIDR} (default 10.0.0.0/16, a /16 to /22): the three subnets are its first three eighths
 * @param workspaceEndpointService  {@code DATABRICKS_WORKSPACE_ENDPOINT_SERVICE}: PrivateLink, the region's workspace (REST API) endpoint service name
 * @param relayEndpointService      {@code DATABRICKS_RELAY_ENDPOINT_SERVICE}: PrivateLink, the region's relay endpoint service name
 * @param logDelivery               {@code ONBOARD_LOG_DELIVERY} (default true): account-level billable usage and audit log delivery
 * @param logPrefix                 {@code LOG_DELIVERY_PREFIX} (default {@code databricks-logs})
 * @param keyAdminRoleNames         {@code KEY_ADMIN_ROLE_NAMES}: roles of the new account named as key administrators (comma-separated; they must exist)
 */
public record OnboardingConfig(String prefix, String controlTowerRoleName, String organizationsRoleName, String databricksAccountId,
                               String databricksAwsAccountId, boolean network, String vpcCidr, String workspaceEndpointService,
                               String relayEndpointService, boolean logDelivery, String logPrefix, List<String> keyAdminRoleNames) {
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,18}[a-z0-9]");
    private static final Pattern ROLE = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
    private static final Pattern SERVICE = Pattern.compile("com\\.amazonaws\\.vpce\\.[a-z0-9-]+\\.vpce-svc-[0-9a-f]{8,17}");
    private static final Pattern LOG_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public static OnboardingConfig fromEnv() {
        Env.Reader env = Env.reader();
        String prefix = env.optional("NAME_PREFIX", "dbxcp");
        if (!PREFIX.matcher(prefix).matches()) {
            env.problem("NAME_PREFIX '" + prefix + "' is not 2 to 20 lowercase letters, digits and '-' starting with a letter (it goes into bucket names)");
        }
        String ct = env.optional("CONTROL_TOWER_ROLE_NAME", "AWSControlTowerExecution");
        String org = env.optional("ORGANIZATIONS_ROLE_NAME", "OrganizationAccountAccessRole");
        for (String[] r : new String[][] {{"CONTROL_TOWER_ROLE_NAME", ct}, {"ORGANIZATIONS_ROLE_NAME", org}}) {
            if (!ROLE.matcher(r[1]).matches()) env.problem(r[0] + " is not an IAM role name");
        }
        String account = env.required("DATABRICKS_ACCOUNT_ID");
        String dbxAws = env.optional("DATABRICKS_AWS_ACCOUNT_ID", KeyCheck.DATABRICKS_AWS_ACCOUNT_ID);
        if (!dbxAws.matches("\\d{12}")) env.problem("DATABRICKS_AWS_ACCOUNT_ID is not a 12-digit AWS account id");
        boolean network = bool(env, "ONBOARD_NETWORK", false);
        String cidr = env.optional("ONBOARD_VPC_CIDR", "10.0.0.0/16");
        var m = CIDR.matcher(cidr);
        if (!m.matches() || Integer.parseInt(m.group(5)) < 16 || Integer.parseInt(m.group(5)) > 22) {
            env.problem("ONBOARD_VPC_CIDR '" + cidr + "' is not an IPv4 CIDR block of /16 to /22");
        }
        String workspace = env.optional("DATABRICKS_WORKSPACE_ENDPOINT_SERVICE").orElse(null);
        String relay = env.optional("DATABRICKS_RELAY_ENDPOINT_SERVICE").orElse(null);
        if ((workspace == null) != (relay == null)) {
            env.problem("set both DATABRICKS_WORKSPACE_ENDPOINT_SERVICE and DATABRICKS_RELAY_ENDPOINT_SERVICE for PrivateLink, or neither");
        }
        for (String[] s : new String[][] {{"DATABRICKS_WORKSPACE_ENDPOINT_SERVICE", workspace}, {"DATABRICKS_RELAY_ENDPOINT_SERVICE", relay}}) {
            if (s[1] != null && !SERVICE.matcher(s[1]).matches()) {
                env.problem(s[0] + " '" + s[1] + "' is not a VPC endpoint service name (com.amazonaws.vpce.<region>.vpce-svc-...)");
            }
        }
        if (workspace != null && !network) env.problem("PrivateLink endpoints need ONBOARD_NETWORK=true (they live in the VPC onboarding makes)");
        boolean logs = bool(env, "ONBOARD_LOG_DELIVERY", true);
        String logPrefix = env.optional("LOG_DELIVERY_PREFIX", "databricks-logs");
        if (!LOG_PREFIX.matcher(logPrefix).matches()) env.problem("LOG_DELIVERY_PREFIX '" + logPrefix + "' is not a simple S3 prefix (no '/')");
        List<String> admins = env.optional("KEY_ADMIN_ROLE_NAMES").map(v -> Arrays.stream(v.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList()).orElse(List.of());
        admins.stream().filter(a -> !ROLE.matcher(a).matches()).forEach(a -> env.problem("KEY_ADMIN_ROLE_NAMES: '" + a + "' is not an IAM role name"));
        env.check();
        return new OnboardingConfig(prefix, ct, org, account, dbxAws, network, cidr, workspace, relay, logs, logPrefix, admins);
    }

    private static boolean bool(Env.Reader env, String name, boolean fallback) {
        String v = env.optional(name, Boolean.toString(fallback)).toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            env.problem(name + " is '" + v + "', not true or false");
            return fallback;
        }
        return Boolean.parseBoolean(v);
    }
}
