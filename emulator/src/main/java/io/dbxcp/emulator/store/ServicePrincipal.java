package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;

/** An account service principal (SCIM). Its OAuth secrets live with it; only hashes are kept. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
@JsonPropertyOrder({"schemas", "id", "applicationId", "displayName", "active"})
public final class ServicePrincipal {
  public static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal";
  public static final String ACCOUNT_ADMIN_ROLE = "account_admin";

  public List<String> schemas = List.of(SCHEMA);
  public String id;
  public String applicationId;
  public String displayName;
  public boolean active = true;
  public String externalId;
  public List<ComplexValue> entitlements = new ArrayList<>();
  public List<ComplexValue> roles = new ArrayList<>();
  /** Filled in from the groups' members when the principal is read. */
  public List<ComplexValue> groups = new ArrayList<>();

  @JsonIgnore public String accountId;
  @JsonIgnore public final List<SpSecret> secrets = new ArrayList<>();

  @JsonIgnore
  public boolean isAccountAdmin() {
    return roles.stream().anyMatch(r -> ACCOUNT_ADMIN_ROLE.equals(r.value()));
  }
}
