package io.dbxcp.accounts.iam;

import io.dbxcp.accounts.OnboardingStepHandler;
import io.dbxcp.accounts.access.AccountAccess;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.accounts.model.RolesResult;
import io.dbxcp.common.aws.AwsSettings;

/** State EnsureIamRoles: the cross-account role, the meta instance profile, the data roles, the log delivery role. See {@link RolesService}. */
public final class EnsureRolesHandler extends OnboardingStepHandler<RolesResult> {
    private final AccountAccess access;
    private final RolesService service = new RolesService();

    public EnsureRolesHandler() {
        this(new AccountAccess(AwsSettings.fromEnv()));
    }

    EnsureRolesHandler(AccountAccess access) {
        this.access = access;
    }

    @Override
    protected RolesResult handle(OnboardingState state) {
        return service.ensure(state.plan(), access.clients(state.plan().accessRoleArn(), state.plan().region()).iam());
    }
}
