package io.dbxcp.accounts.report;

import com.databricks.sdk.AccountClient;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.accounts.OnboardingStepHandler;
import io.dbxcp.accounts.access.AccountAccess;
import io.dbxcp.accounts.model.OnboardingState;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.databricks.DatabricksClients;
import io.dbxcp.common.databricks.SecretCredentialsReader;
import io.dbxcp.common.json.Json;
import java.util.function.Supplier;

/**
 * State ReportFailure: the detail of {@code Account Onboarding Failed}: the failed step, the error
 * and its cause, and what exists so far ({@link Inventory}); a rerun with the same input finds it
 * and continues. Never throws.
 */
public final class ReportFailureHandler extends OnboardingStepHandler<ObjectNode> {
    private final AccountAccess access;
    private final Supplier<AccountClient> account;

    public ReportFailureHandler() {
        this(AwsSettings.fromEnv());
    }

    private ReportFailureHandler(AwsSettings aws) {
        this(new AccountAccess(aws), SecretCredentialsReader.clientsFromEnv(aws));
    }

    ReportFailureHandler(AccountAccess access, DatabricksClients databricks) {
        this.access = access;
        this.account = databricks::account;
    }

    @Override
    protected ObjectNode handle(OnboardingState s) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("accountId", s.request() == null ? null : s.request().accountId());
        d.put("region", s.plan() != null ? s.plan().region() : s.request() == null ? null : s.request().region());
        d.put("origin", s.request() == null ? null : s.request().origin());
        d.put("failedStep", s.failedStep());
        d.put("error", s.error() == null ? null : s.error().error());
        String cause = s.error() == null ? "unknown" : OnboardingReport.message(s.error().cause());
        d.put("cause", cause == null ? s.failedStep() + " failed" : cause);
        if (s.plan() == null) {
            d.set("exists", JsonNodeFactory.instance.arrayNode());
            d.set("missing", JsonNodeFactory.instance.arrayNode());
            d.set("notChecked", JsonNodeFactory.instance.arrayNode());
            d.put("rerun", "nothing was made: correct the request and start again");
            return d;
        }
        Inventory.Result found;
        try {
            found = new Inventory(access, account).of(s.plan());
        } catch (RuntimeException e) {
            found = new Inventory.Result(java.util.List.of(), java.util.List.of(), java.util.List.of("everything: " + e.getMessage()));
        }
        d.set("exists", Json.tree(found.exists()));
        d.set("missing", Json.tree(found.missing()));
        d.set("notChecked", Json.tree(found.notChecked()));
        d.put("rerun", "every step finds what exists by its name: once the cause is fixed, start onboard-account again with the same"
                + " request (a new execution name) and it continues from here");
        return d;
    }
}
