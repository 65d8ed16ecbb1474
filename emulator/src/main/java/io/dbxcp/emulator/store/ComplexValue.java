package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A SCIM multi-valued attribute entry: a role, an entitlement, a group or member reference. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record ComplexValue(
    String value, String display, String type, Boolean primary, @JsonProperty("$ref") String ref) {

  public static ComplexValue of(String value) {
    return new ComplexValue(value, null, null, null, null);
  }

  public static ComplexValue of(String value, String display) {
    return new ComplexValue(value, display, null, null, null);
  }
}
