package io.dbxcp.keys.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a key check concluded, and the event that says so: {@code detailType} and {@code detail}
 * of the event the state machine puts on the bus (none when no workspace uses the key).
 */
public record KeyAssessment(Verdict verdict, String detailType, JsonNode detail, String summary) {

    public enum Verdict {
        /** The key serves every workspace that uses it: {@code Key Rotation Verified} or {@code Key Policy Verified}. */
        VERIFIED,
        /** Some workspace would lose access, or has: {@code Key At Risk}. */
        AT_RISK,
        /** No workspace uses the key: nothing to announce. */
        NOT_USED
    }
}
