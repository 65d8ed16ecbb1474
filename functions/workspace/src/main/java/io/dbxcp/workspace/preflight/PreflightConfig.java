package io.dbxcp.workspace.preflight;

import io.dbxcp.common.config.Env;
import io.dbxcp.common.kms.KeyCheck;

/**
 * What preflight checks against: the Databricks account id (the external id the cross-account
 * role's trust policy must require) and the AWS account Databricks acts from.
 *
 * @param databricksAccountId    {@code DATABRICKS_ACCOUNT_ID}
 * @param databricksAwsAccountId {@code DATABRICKS_AWS_ACCOUNT_ID}, default 414351767826
 */
public record PreflightConfig(String databricksAccountId, String databricksAwsAccountId) {

    public static PreflightConfig fromEnv() {
        Env.Reader env = Env.reader();
        String account = env.required("DATABRICKS_ACCOUNT_ID");
        String aws = env.optional("DATABRICKS_AWS_ACCOUNT_ID", KeyCheck.DATABRICKS_AWS_ACCOUNT_ID);
        if (!aws.matches("\\d{12}")) env.problem("DATABRICKS_AWS_ACCOUNT_ID is not a 12-digit AWS account id");
        env.check();
        return new PreflightConfig(account, aws);
    }

    /** {@code arn:aws:iam::<databricks aws account>:root}, the principal Databricks' policies name. */
    public String databricksPrincipal() {
        return "arn:aws:iam::" + databricksAwsAccountId + ":root";
    }
}
