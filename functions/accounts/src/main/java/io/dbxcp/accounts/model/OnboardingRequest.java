package io.dbxcp.accounts.model;

/**
 * The new AWS account to onboard, as the intake normalises a Control Tower {@code CreateManagedAccount}
 * or an Organizations {@code CreateAccountResult} event (or as a person gives it to a console execution).
 *
 * @param origin                 {@code CONTROL_TOWER} or {@code ORGANIZATIONS}: decides the role assumed in the account
 * @param accountId              the new account (12 digits)
 * @param accountName            its name, for the report
 * @param region                 where its Databricks resources go (the event's region)
 * @param organizationalUnitId   Control Tower: the OU it was enrolled in
 * @param createAccountRequestId Organizations: the CreateAccount request
 */
public record OnboardingRequest(String origin, String accountId, String accountName, String region, String organizationalUnitId,
                                String createAccountRequestId) {
    public static final String CONTROL_TOWER = "CONTROL_TOWER";
    public static final String ORGANIZATIONS = "ORGANIZATIONS";
}
