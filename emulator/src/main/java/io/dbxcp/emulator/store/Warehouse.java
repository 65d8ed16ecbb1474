package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A SQL warehouse; a classic (not serverless) one runs EC2 instances in the workspace VPC. */
public final class Warehouse {
  public String id;
  public ObjectNode spec;
  /** STARTING, RUNNING, STOPPED, DELETED. */
  public String state;
  public String creatorName;
  @JsonIgnore public Instant readyAt;

  public boolean isRunningCompute() {
    boolean serverless = spec.path("enable_serverless_compute").asBoolean(false);
    return !serverless && ("STARTING".equals(state) || "RUNNING".equals(state));
  }
}
