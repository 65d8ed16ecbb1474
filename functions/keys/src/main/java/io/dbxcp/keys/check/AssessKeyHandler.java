package io.dbxcp.keys.check;

import io.dbxcp.common.kms.KmsKeys;
import io.dbxcp.keys.ExecutionStepHandler;
import io.dbxcp.keys.KeysClients;
import io.dbxcp.keys.KeysConfig;
import io.dbxcp.keys.model.KeyAssessment;
import io.dbxcp.keys.model.KeyExecution;
import java.time.Clock;

/**
 * State AssessKey: checks the key (enabled, region, key policy per use case) for every workspace
 * that uses it, and decides the event ({@link KeyAssessmentService}). Environment:
 * {@code DATABRICKS_AWS_ACCOUNT_ID} (default 414351767826), {@code TARGET_ACCOUNT_ROLE_NAME} and
 * {@code CONTROL_PLANE_ACCOUNT_ID} for keys of other accounts. Calls KMS only (DescribeKey, GetKeyPolicy).
 */
public final class AssessKeyHandler extends ExecutionStepHandler<KeyAssessment> {
    private final KeyAssessmentService service;

    public AssessKeyHandler() {
        this(KeysClients.awsOnlyFromEnv(), KeysConfig.fromEnv());
    }

    AssessKeyHandler(KeysClients clients, KeysConfig config) {
        this.service = new KeyAssessmentService(config.databricksAwsAccountId(),
                (account, region) -> new KmsKeys(clients.kms(account, region), region), Clock.systemUTC());
    }

    @Override
    protected KeyAssessment handle(KeyExecution state) {
        return service.assess(state);
    }
}
