package io.dbxcp.common.validation;

/** One reason a request was refused: the field (a JSON path such as {@code detail.network.subnetIds}) and why. */
public record Violation(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
