package io.dbxcp.accounts.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A caught error as Step Functions puts it at {@code $.error}: the error name (a Java class name for a handler's exception) and its cause. */
public record ErrorInfo(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {}
