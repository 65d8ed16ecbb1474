package io.dbxcp.accounts.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.OnboardingStepHandler;
import io.dbxcp.accounts.model.OnboardingState;

/** State ReportOnboarded: the detail of the Account Onboarded event (see {@link OnboardingReport}). Calls nothing. */
public final class ReportOnboardedHandler extends OnboardingStepHandler<ObjectNode> {
    @Override
    protected ObjectNode handle(OnboardingState state) {
        return OnboardingReport.onboarded(state);
    }
}
