package io.dbxcp.common.errors;

import io.dbxcp.common.validation.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** The request itself is wrong: each violation names the field and the reason. Never retried. */
public final class InvalidRequestException extends DbxcpException {
    private final List<Violation> violations;

    public InvalidRequestException(List<Violation> violations) {
        super(summarise(violations));
        this.violations = List.copyOf(violations);
    }

    public InvalidRequestException(String field, String reason) {
        this(List.of(new Violation(field, reason)));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summarise(List<Violation> violations) {
        return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    }
}
