package io.dbxcp.accounts.model;

/**
 * Something a step did to the account: made it ({@link #CREATED}) or put it right ({@link #UPDATED},
 * with what had drifted). What a step found as it should be is not a change, so a rerun that finds
 * everything in place reports none.
 */
public record Change(String kind, String name, String action, String detail) {
    public static final String CREATED = "CREATED";
    public static final String UPDATED = "UPDATED";

    public static Change created(String kind, String name) {
        return new Change(kind, name, CREATED, null);
    }

    public static Change updated(String kind, String name, String detail) {
        return new Change(kind, name, UPDATED, detail);
    }
}
