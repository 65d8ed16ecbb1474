package io.dbxcp.accounts.network;

import io.dbxcp.accounts.OnboardingStepHandler;
import io.dbxcp.accounts.access.AccountAccess;
import io.dbxcp.accounts.model.NetworkResult;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.common.aws.AwsSettings;

/** State EnsureNetwork: the customer-managed VPC, when the configuration asks for one. See {@link NetworkService}. */
public final class EnsureNetworkHandler extends OnboardingStepHandler<NetworkResult> {
    private final AccountAccess access;
    private final NetworkService service = new NetworkService();

    public EnsureNetworkHandler() {
        this(new AccountAccess(AwsSettings.fromEnv()));
    }

    EnsureNetworkHandler(AccountAccess access) {
        this.access = access;
    }

    @Override
    protected NetworkResult handle(OnboardingState state) {
        return service.ensure(state.plan(), access.clients(state.plan().accessRoleArn(), state.plan().region()).ec2());
    }
}
