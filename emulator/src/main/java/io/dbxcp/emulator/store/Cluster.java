package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A cluster: the spec as submitted, plus its state (PENDING, RUNNING, TERMINATED). */
public final class Cluster {
  public String clusterId;
  public ObjectNode spec;
  public String state;
  public String stateMessage = "";
  public String creatorUserName;
  /** UI, API or JOB. */
  public String clusterSource;
  public long startTime;
  public Long terminatedTime;
  /** When a PENDING cluster becomes RUNNING. */
  @JsonIgnore public Instant readyAt;

  public boolean isRunningCompute() {
    return "PENDING".equals(state) || "RUNNING".equals(state) || "RESIZING".equals(state) || "RESTARTING".equals(state);
  }
}
