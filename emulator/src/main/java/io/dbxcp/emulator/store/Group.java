package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;

/** An account group (SCIM). Members are principal ids. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
@JsonPropertyOrder({"schemas", "id", "displayName"})
public final class Group {
  public static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

  public List<String> schemas = List.of(SCHEMA);
  public String id;
  public String displayName;
  public String externalId;
  public List<ComplexValue> members = new ArrayList<>();
  public List<ComplexValue> entitlements = new ArrayList<>();
  public List<ComplexValue> roles = new ArrayList<>();

  @JsonIgnore public String accountId;
}
