package io.dbxcp.emulator.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scenario knobs: timings and planned misbehaviour. Set at start (builder, CLI flags) and
 * changed while running (Java {@code Scenario}, HTTP {@code /_emulator/scenario}); a reset
 * restores the values given at start. Read under the store lock, except {@link #latency}.
 */
public final class Knobs {
  public Duration provisioningTime = Duration.ZERO;
  public Duration patchProvisioningTime = Duration.ZERO;
  public Duration iamPropagationDelay = Duration.ZERO;
  public Duration clusterStartTime = Duration.ZERO;
  public Duration warehouseStartTime = Duration.ZERO;
  public Duration jobRunPendingTime = Duration.ZERO;
  public Duration jobRunTime = Duration.ZERO;
  public Duration workspaceReachableDelay = Duration.ZERO;
  public Duration oauthTokenLifetime = Duration.ofHours(1);
  public int scimMaxPageSize = 100;
  /** Workspace name to the message it will fail with (used by the next create or provisioning). */
  public final Map<String, String> failingWorkspaces = new LinkedHashMap<>();
  /** Workspace ids or names whose next PATCH reverts silently. */
  public final Set<String> revertNextPatch = new LinkedHashSet<>();
  /** Modeled latency by endpoint family or family prefix ("account", "workspace.clusters"). */
  public final Map<String, Duration> latency = new ConcurrentHashMap<>();

  public Knobs copy() {
    Knobs k = new Knobs();
    k.copyFrom(this);
    return k;
  }

  public void copyFrom(Knobs o) {
    provisioningTime = o.provisioningTime;
    patchProvisioningTime = o.patchProvisioningTime;
    iamPropagationDelay = o.iamPropagationDelay;
    clusterStartTime = o.clusterStartTime;
    warehouseStartTime = o.warehouseStartTime;
    jobRunPendingTime = o.jobRunPendingTime;
    jobRunTime = o.jobRunTime;
    workspaceReachableDelay = o.workspaceReachableDelay;
    oauthTokenLifetime = o.oauthTokenLifetime;
    scimMaxPageSize = o.scimMaxPageSize;
    failingWorkspaces.clear();
    failingWorkspaces.putAll(o.failingWorkspaces);
    revertNextPatch.clear();
    revertNextPatch.addAll(o.revertNextPatch);
    latency.clear();
    latency.putAll(o.latency);
  }

  /** The modeled latency of a family: the longest configured prefix that matches it wins. */
  public Duration latencyOf(String family) {
    Duration best = null;
    int bestLen = -1;
    for (Map.Entry<String, Duration> e : latency.entrySet()) {
      String k = e.getKey();
      boolean matches = family.equals(k) || family.startsWith(k + ".") || k.equals("*");
      int len = k.equals("*") ? 0 : k.length();
      if (matches && len > bestLen) {
        best = e.getValue();
        bestLen = len;
      }
    }
    return best;
  }
}
