package io.dbxcp.accounts.access;

import io.dbxcp.accounts.model.Access;
import io.dbxcp.common.aws.AwsCalls;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.errors.NotYetConsistentException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * How the control plane acts in a new account: it assumes the account's access role (Control
 * Tower's execution role or Organizations' access role) with its own credentials. A role that cannot
 * be assumed yet, or that the account does not show yet, is {@link NotYetConsistentException}: the
 * state machine retries it, bounded. Assumed credentials refresh themselves and are kept per role.
 */
public final class AccountAccess {
    static final String SESSION = "dbxcp-onboarding";
    private final AwsSettings own;
    private final Map<String, AwsSettings> sessions = new ConcurrentHashMap<>();
    private final Map<String, TargetClients> clients = new ConcurrentHashMap<>();

    public AccountAccess(AwsSettings own) {
        this.own = own;
    }

    /** Clients acting through {@code roleArn}, in {@code region}. Assumes the role (once per role) now. */
    public TargetClients clients(String roleArn, String region) {
        return clients.computeIfAbsent(roleArn + " " + region, k -> {
            AwsSettings s = sessions.computeIfAbsent(roleArn, this::assume);
            return TargetClients.of(new AwsSettings(Region.of(region), s.endpoint(), s.credentials(), s.httpTimeout()));
        });
    }

    /**
     * Step AssumeAccountRole: assumes the role afresh and checks that it is the account's own role,
     * visible in the account (IAM shows it), so that the steps after it can act.
     */
    public Access probe(String roleArn, String accountId) {
        sessions.remove(roleArn);
        clients.keySet().removeIf(k -> k.startsWith(roleArn + " "));
        AwsSettings s = sessions.computeIfAbsent(roleArn, this::assume);
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        try (StsClient sts = AwsClients.build(StsClient.builder(), s);
             IamClient iam = AwsClients.build(IamClient.builder(), new AwsSettings(Region.AWS_GLOBAL, s.endpoint(), s.credentials(), s.httpTimeout()))) {
            var me = sts.getCallerIdentity();
            String arn = me.arn();
            String account = me.account();
            if (!accountId.equals(account)) {
                sessions.remove(roleArn);
                throw new IllegalStateException("assuming " + roleArn + " acts in account " + account + ", not " + accountId);
            }
            iam.getRole(b -> b.roleName(roleName));
            return new Access(roleArn, arn);
        } catch (NoSuchEntityException e) {
            sessions.remove(roleArn);
            throw new NotYetConsistentException("role " + roleArn + " is not in account " + accountId + " yet", e);
        } catch (SdkException e) {
            sessions.remove(roleArn);
            if (AwsCalls.isTransient(e)) throw AwsCalls.asTransient("checking " + roleArn, e);
            if (AwsCalls.isDenied(e)) throw new NotYetConsistentException("role " + roleArn + " cannot act yet: " + AwsCalls.describe(e), e);
            throw e;
        }
    }

    private AwsSettings assume(String roleArn) {
        StsClient sts = AwsClients.build(StsClient.builder(), own);
        StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(b -> b.roleArn(roleArn).roleSessionName(SESSION).durationSeconds(900))
                .asyncCredentialUpdateEnabled(false)
                .build();
        try {
            provider.resolveCredentials();
        } catch (StsException e) {
            // A new account's role cannot be assumed for a while after the account appears.
            if (AwsCalls.isTransient(e)) throw AwsCalls.asTransient("assuming " + roleArn, e);
            throw new NotYetConsistentException("cannot assume " + roleArn + " yet: " + AwsCalls.describe(e), e);
        } catch (SdkException e) {
            if (AwsCalls.isTransient(e)) throw AwsCalls.asTransient("assuming " + roleArn, e);
            throw e;
        }
        return new AwsSettings(own.region(), own.endpoint(), provider, own.httpTimeout());
    }
}
