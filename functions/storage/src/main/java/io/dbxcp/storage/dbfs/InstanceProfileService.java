package io.dbxcp.storage.dbfs;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.service.compute.AddInstanceProfile;
import com.databricks.sdk.service.compute.InstanceProfile;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.aws.CrossAccount;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.storage.Databricks;
import io.dbxcp.storage.model.BucketState;
import io.dbxcp.storage.model.ProfileRegistration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * State RegisterInstanceProfile: the data role's instance profile, registered in the workspace if it
 * is not yet (a mount cluster may only use registered profiles).
 *
 * <p>Before registering, the profile is looked up in IAM, in its own account (through the role named
 * by {@code TARGET_ACCOUNT_ROLE_NAME} when that is not the control plane's account): a profile that
 * does not exist, or holds no role, fails the bucket with a message saying so, instead of a cluster
 * that cannot start minutes later. Its role is registered with it. When the profile's account cannot
 * be reached from here (another account and no target role), the look-up is skipped and Databricks'
 * own validation (the registration is not told to skip it) is what checks the profile.
 */
public final class InstanceProfileService {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceProfileService.class);

    private final BiFunction<Long, String, WorkspaceClient> workspaces;
    private final CrossAccount accounts;
    private final String ownAccount;
    private final boolean canActInOtherAccounts;

    /**
     * @param ownAccount            the control plane's account ({@code CONTROL_PLANE_ACCOUNT_ID}); null if unknown
     * @param canActInOtherAccounts a role to assume in other accounts is configured ({@code TARGET_ACCOUNT_ROLE_NAME})
     */
    public InstanceProfileService(BiFunction<Long, String, WorkspaceClient> workspaces, CrossAccount accounts, String ownAccount,
                                  boolean canActInOtherAccounts) {
        this.workspaces = workspaces;
        this.accounts = accounts;
        this.ownAccount = ownAccount;
        this.canActInOtherAccounts = canActInOtherAccounts;
    }

    public ProfileRegistration register(BucketState s) {
        String arn = s.bucket().instanceProfileArn();
        WorkspaceClient ws = workspaces.apply(s.workspace().workspaceId(), s.workspace().deploymentName());
        Optional<InstanceProfile> registered = find(ws, arn);
        if (registered.isPresent()) {
            LOG.info("instance profile {} is registered already", arn);
            return new ProfileRegistration(arn, registered.get().getIamRoleArn(), "REUSED", false);
        }
        String account = accountOf(arn);
        boolean reachable = canActInOtherAccounts || account.equals(ownAccount);
        String role = reachable ? roleOf(arn, account) : null;
        if (!reachable) {
            LOG.info("instance profile {} is in account {}, which this function cannot read (no TARGET_ACCOUNT_ROLE_NAME):"
                    + " Databricks validates it on registration", arn, account);
        }
        try {
            Databricks.run("register instance profile " + arn, () -> ws.instanceProfiles().add(new AddInstanceProfile()
                    .setInstanceProfileArn(arn)
                    .setIamRoleArn(role)
                    .setIsMetaInstanceProfile(false)
                    .setSkipValidation(false)));
        } catch (BadRequest e) {
            throw new PreconditionFailedException("Databricks refused instance profile " + arn + ": " + Databricks.message(e)
                    + " (the cross-account role must be allowed to pass its role, and the role must trust EC2)", e);
        } catch (RuntimeException e) {
            if (!Databricks.isConflict(e)) throw e;
            LOG.info("instance profile {} was registered meanwhile", arn);
            return new ProfileRegistration(arn, role, "REUSED", reachable);
        }
        LOG.info("instance profile {} registered (role {})", arn, role);
        return new ProfileRegistration(arn, role, "CREATED", reachable);
    }

    /** The ARN of the profile's role, from IAM; fails when the profile does not exist or holds no role. */
    private String roleOf(String profileArn, String account) {
        String name = profileArn.substring(profileArn.lastIndexOf('/') + 1);
        AwsSettings settings = accounts.settingsFor(account);
        try (IamClient iam = AwsClients.build(IamClient.builder(), settings)) {
            var roles = iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile().roles();
            if (roles.isEmpty()) {
                throw new PreconditionFailedException("instance profile " + profileArn + " holds no role: add the data role to it");
            }
            return roles.getFirst().arn();
        } catch (NoSuchEntityException e) {
            throw new PreconditionFailedException("instance profile " + profileArn + " does not exist in IAM (account " + account
                    + "): create it with the data role, or correct the bucket's instanceProfileArn", e);
        } catch (IamException e) {
            if (io.dbxcp.common.aws.AwsCalls.isTransient(e)) {
                throw new TransientException("IAM GetInstanceProfile " + name + ": " + e.getMessage(), e);
            }
            throw new PreconditionFailedException("cannot read instance profile " + profileArn + " in IAM: "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()), e);
        }
    }

    private static Optional<InstanceProfile> find(WorkspaceClient ws, String arn) {
        List<InstanceProfile> all = Databricks.call("list instance profiles",
                () -> StreamSupport.stream(ws.instanceProfiles().list().spliterator(), false).toList());
        return all.stream().filter(p -> arn.equals(p.getInstanceProfileArn())).findFirst();
    }

    /** The account of an IAM ARN: {@code arn:aws:iam::<account>:instance-profile/...}. */
    static String accountOf(String arn) {
        return arn.split(":")[4];
    }
}
