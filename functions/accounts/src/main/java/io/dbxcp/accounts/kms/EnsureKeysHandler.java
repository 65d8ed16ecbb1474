package io.dbxcp.accounts.kms;

import io.dbxcp.accounts.OnboardingStepHandler;
import io.dbxcp.accounts.access.AccountAccess;
import io.dbxcp.accounts.model.KeysResult;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.common.aws.AwsSettings;

/** State EnsureKmsKeys: the storage and managed services keys, rotation on, policies per use case. See {@link KeysService}. */
public final class EnsureKeysHandler extends OnboardingStepHandler<KeysResult> {
    private final AccountAccess access;
    private final KeysService service = new KeysService();

    public EnsureKeysHandler() {
        this(new AccountAccess(AwsSettings.fromEnv()));
    }

    EnsureKeysHandler(AccountAccess access) {
        this.access = access;
    }

    @Override
    protected KeysResult handle(OnboardingState state) {
        return service.ensure(state.plan(), access.clients(state.plan().accessRoleArn(), state.plan().region()).kms());
    }
}
