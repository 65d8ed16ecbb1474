package io.dbxcp.emulator.store;

import java.util.ArrayList;
import java.util.List;

/** Private access settings: the PrivateLink front-end rules of a workspace. */
public final class PrivateAccessSettings {
  public String privateAccessSettingsId;
  public String privateAccessSettingsName;
  public String region;
  public Boolean publicAccessEnabled;
  /** ACCOUNT or ENDPOINT. */
  public String privateAccessLevel;
  public List<String> allowedVpcEndpointIds = new ArrayList<>();
  public String accountId;
}
