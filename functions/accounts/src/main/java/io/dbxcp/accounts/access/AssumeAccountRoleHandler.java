package io.dbxcp.accounts.access;

import io.dbxcp.accounts.OnboardingStepHandler;
import io.dbxcp.accounts.model.Access;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.common.aws.AwsSettings;

/**
 * State AssumeAccountRole: the control plane can act in the new account through its access role.
 * Throws {@link io.dbxcp.common.errors.NotYetConsistentException} while it cannot; the state
 * machine retries that for about 13 minutes.
 */
public final class AssumeAccountRoleHandler extends OnboardingStepHandler<Access> {
    private final AccountAccess access;

    public AssumeAccountRoleHandler() {
        this(new AccountAccess(AwsSettings.fromEnv()));
    }

    AssumeAccountRoleHandler(AccountAccess access) {
        this.access = access;
    }

    @Override
    protected Access handle(OnboardingState state) {
        return access.probe(state.plan().accessRoleArn(), state.plan().accountId());
    }
}
