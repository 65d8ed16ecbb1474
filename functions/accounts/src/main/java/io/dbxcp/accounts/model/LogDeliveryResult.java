package io.dbxcp.accounts.model;

import java.util.List;

/**
 * Account-level log delivery to the log bucket.
 *
 * @param status {@code CONFIGURED}; {@code LIMIT_REACHED} when the Databricks account already has the
 *               most enabled account-level configurations of a type that Databricks allows (the detail
 *               names them; the workspace request template then asks for per-workspace delivery);
 *               {@code OFF} when the configuration turns it off
 */
public record LogDeliveryResult(String status, Registration credentials, Registration storage, List<Delivery> deliveries, String detail) {
    public static final String CONFIGURED = "CONFIGURED";
    public static final String LIMIT_REACHED = "LIMIT_REACHED";
    public static final String OFF = "OFF";

    /** @param outcome {@code REUSED}, {@code ENABLED_AGAIN} or {@code CREATED} */
    public record Delivery(String logType, String configId, String name, String outcome) {}
}
