package io.dbxcp.emulator.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-time job run. Its life cycle is read off the clock: PENDING until {@link #runningAt},
 * RUNNING until {@link #endAt}, then TERMINATED with {@link #resultState}.
 */
public final class JobRun {
  public long runId;
  public String runName;
  public String idempotencyToken;
  public ArrayNode tasks;
  public String creatorUserName;
  @JsonIgnore public Instant submittedAt;
  @JsonIgnore public Instant runningAt;
  @JsonIgnore public Instant endAt;
  /** SUCCESS or FAILED, decided at submit time. */
  public String resultState;
  public String failureMessage;
  /** PENDING, RUNNING or TERMINATED as last seen by the life cycle. */
  public String lifeCycleState = "PENDING";
  public boolean usesNewCluster;
  /** Mounts the run's notebook makes; recorded when it ends with SUCCESS. */
  public final List<Mount> mountsOnSuccess = new ArrayList<>();
  /** Mount points the run's notebook unmounts; removed when it ends with SUCCESS. */
  public final List<String> unmountsOnSuccess = new ArrayList<>();
}
