package io.dbxcp.common.aws;

import io.dbxcp.common.config.Env;
import io.dbxcp.common.errors.NotYetConsistentException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * AWS settings for acting in another account of the organisation: the control plane assumes the
 * role named by {@code TARGET_ACCOUNT_ROLE_NAME} (for example {@code AWSControlTowerExecution} or
 * {@code OrganizationAccountAccessRole}) in that account. Without that variable, or for the control
 * plane's own account ({@code CONTROL_PLANE_ACCOUNT_ID}), the function's own credentials are used.
 * Assumed-role credentials refresh themselves and are kept per account.
 */
public final class CrossAccount {
    private final AwsSettings own;
    private final String roleName;
    private final String ownAccount;
    private final Map<String, AwsSettings> byAccount = new ConcurrentHashMap<>();

    public CrossAccount(AwsSettings own, String roleName, String ownAccount) {
        this.own = own;
        this.roleName = roleName;
        this.ownAccount = ownAccount;
    }

    public static CrossAccount fromEnv(AwsSettings own) {
        return new CrossAccount(own, Env.get("TARGET_ACCOUNT_ROLE_NAME").orElse(null), Env.get("CONTROL_PLANE_ACCOUNT_ID").orElse(null));
    }

    /** Settings whose clients act in {@code accountId}. */
    public AwsSettings settingsFor(String accountId) {
        if (roleName == null || accountId.equals(ownAccount)) return own;
        return byAccount.computeIfAbsent(accountId, this::assume);
    }

    public String roleArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    private AwsSettings assume(String accountId) {
        StsClient sts = AwsClients.build(StsClient.builder(), own);
        var provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(b -> b.roleArn(roleArn(accountId)).roleSessionName("dbxcp-control-plane").durationSeconds(900))
                .asyncCredentialUpdateEnabled(false)
                .build();
        try {
            provider.resolveCredentials();
        } catch (StsException e) {
            // A new account's role is not assumable for a while after the account appears.
            throw new NotYetConsistentException("cannot assume " + roleArn(accountId) + " yet: " + e.awsErrorDetails().errorMessage(), e);
        }
        return new AwsSettings(own.region(), own.endpoint(), provider, own.httpTimeout());
    }
}
