package io.dbxcp.emulator.store;

import java.time.Instant;

/**
 * The transitions that happen with time, applied lazily: whenever the store is entered, everything
 * whose due time the clock has passed moves on. No background thread runs.
 */
final class Lifecycle {
  private Lifecycle() {}

  static void advance(Store store, Instant now) {
    for (Workspace w : store.workspaces.values()) {
      settle(store, w, now);
      for (Cluster c : w.data.clusters.values()) {
        if ("PENDING".equals(c.state) && c.readyAt != null && !now.isBefore(c.readyAt)) {
          c.state = "RUNNING";
          c.stateMessage = "";
        }
      }
      for (Warehouse wh : w.data.warehouses.values()) {
        if ("STARTING".equals(wh.state) && wh.readyAt != null && !now.isBefore(wh.readyAt)) {
          wh.state = "RUNNING";
        }
      }
      for (JobRun r : w.data.runs.values()) {
        advanceRun(w, r, now);
      }
    }
  }

  private static void settle(Store store, Workspace w, Instant now) {
    if (w.settleAt == null || now.isBefore(w.settleAt)) {
      return;
    }
    Instant at = w.settleAt;
    if (w.revertTo != null) {
      w.restore(w.revertTo);
      w.revertTo = null;
    }
    w.workspaceStatus = w.settleStatus;
    w.workspaceStatusMessage = w.settleMessage;
    w.settleAt = null;
    w.settleStatus = null;
    w.settleMessage = null;
    if (Workspace.RUNNING.equals(w.workspaceStatus)) {
      if (!w.everRunning) {
        w.runningSince = at;
      }
      w.everRunning = true;
      Network n = w.networkId == null ? null : store.networks.get(w.networkId);
      if (n != null && !"BROKEN".equals(n.vpcStatus)) {
        n.vpcStatus = "VALID";
        n.workspaceId = w.workspaceId;
      }
    }
  }

  private static void advanceRun(Workspace w, JobRun r, Instant now) {
    if ("TERMINATED".equals(r.lifeCycleState)) {
      return;
    }
    if (!now.isBefore(r.endAt)) {
      r.lifeCycleState = "TERMINATED";
      if ("SUCCESS".equals(r.resultState)) {
        for (String unmount : r.unmountsOnSuccess) {
          w.data.mounts.remove(unmount);
        }
        for (Mount m : r.mountsOnSuccess) {
          m.createdAt = r.endAt.toEpochMilli();
          w.data.mounts.put(m.mountPoint, m);
        }
      }
    } else if (!now.isBefore(r.runningAt)) {
      r.lifeCycleState = "RUNNING";
    }
  }
}
