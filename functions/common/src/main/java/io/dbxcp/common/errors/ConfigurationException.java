package io.dbxcp.common.errors;

import java.util.List;

/** The function's environment is missing or has malformed variables; each is named. */
public final class ConfigurationException extends DbxcpException {
    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super("invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
