package io.dbxcp.emulator.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An instance pool; it holds EC2 instances while {@code min_idle_instances} is above 0. */
public final class InstancePool {
  public String instancePoolId;
  public ObjectNode spec;
  public String state = "ACTIVE";

  public boolean isRunningCompute() {
    return "ACTIVE".equals(state) && spec.path("min_idle_instances").asLong(0) > 0;
  }
}
