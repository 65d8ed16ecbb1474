package io.dbxcp.accounts.s3;

import io.dbxcp.accounts.OnboardingStepHandler;
import io.dbxcp.accounts.access.AccountAccess;
import io.dbxcp.accounts.model.BucketsResult;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.common.aws.AwsSettings;

/** State EnsureBuckets: root, log and data lake buckets, encrypted with the storage key. See {@link BucketsService}. */
public final class EnsureBucketsHandler extends OnboardingStepHandler<BucketsResult> {
    private final AccountAccess access;
    private final BucketsService service = new BucketsService();

    public EnsureBucketsHandler() {
        this(new AccountAccess(AwsSettings.fromEnv()));
    }

    EnsureBucketsHandler(AccountAccess access) {
        this.access = access;
    }

    @Override
    protected BucketsResult handle(OnboardingState state) {
        return service.ensure(state.plan(), state.keys().storage().keyArn(),
                access.clients(state.plan().accessRoleArn(), state.plan().region()).s3());
    }
}
