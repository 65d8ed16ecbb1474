package io.dbxcp.emulator.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one store of the emulator: every object of every account and workspace. All access holds
 * {@link #lock}; {@link #locked} takes it and first applies the transitions the clock has passed.
 */
public final class Store {
  private final ReentrantLock lock = new ReentrantLock();
  private final Clock clock;
  public final Ids ids;
  public final Knobs knobs;

  public final Map<String, Account> accounts = new LinkedHashMap<>();
  public final Map<String, ServicePrincipal> servicePrincipals = new LinkedHashMap<>();
  public final Map<String, Group> groups = new LinkedHashMap<>();
  public final Map<String, Credential> credentials = new LinkedHashMap<>();
  public final Map<String, StorageConfiguration> storageConfigurations = new LinkedHashMap<>();
  public final Map<String, Network> networks = new LinkedHashMap<>();
  public final Map<String, PrivateAccessSettings> privateAccessSettings = new LinkedHashMap<>();
  public final Map<String, VpcEndpoint> vpcEndpoints = new LinkedHashMap<>();
  public final Map<String, CustomerManagedKey> customerManagedKeys = new LinkedHashMap<>();
  public final Map<Long, Workspace> workspaces = new LinkedHashMap<>();
  public final Map<String, LogDeliveryConfiguration> logDelivery = new LinkedHashMap<>();
  public final Map<String, Metastore> metastores = new LinkedHashMap<>();
  /** Issued bearer tokens by the SHA-256 of their value. */
  public final Map<String, AccessToken> tokens = new LinkedHashMap<>();
  /** When each IAM role ARN was first seen (for IAM eventual consistency). */
  public final Map<String, Instant> roleArnsFirstSeen = new LinkedHashMap<>();

  public Store(Clock clock, Ids ids, Knobs knobs) {
    this.clock = clock;
    this.ids = ids;
    this.knobs = knobs;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Runs {@code work} holding the lock, after applying every transition due by now. */
  public <T> T locked(Supplier<T> work) {
    lock.lock();
    try {
      Lifecycle.advance(this, now());
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  public void locked(Runnable work) {
    locked(
        () -> {
          work.run();
          return null;
        });
  }

  public void clear() {
    lock.lock();
    try {
      accounts.clear();
      servicePrincipals.clear();
      groups.clear();
      credentials.clear();
      storageConfigurations.clear();
      networks.clear();
      privateAccessSettings.clear();
      vpcEndpoints.clear();
      customerManagedKeys.clear();
      workspaces.clear();
      logDelivery.clear();
      metastores.clear();
      tokens.clear();
      roleArnsFirstSeen.clear();
    } finally {
      lock.unlock();
    }
  }

  /** The objects of one account, in creation order. */
  public static <T> List<T> ofAccount(Map<?, T> all, String accountId, Function<T, String> accountOf) {
    List<T> out = new ArrayList<>();
    for (T t : all.values()) {
      if (accountId.equals(accountOf.apply(t))) {
        out.add(t);
      }
    }
    return out;
  }

  /** An object of one account by id. */
  public static <T> Optional<T> inAccount(Map<String, T> all, String id, String accountId, Function<T, String> accountOf) {
    T t = id == null ? null : all.get(id);
    return t != null && accountId.equals(accountOf.apply(t)) ? Optional.of(t) : Optional.empty();
  }

  public Optional<Workspace> workspace(String accountId, long workspaceId) {
    Workspace w = workspaces.get(workspaceId);
    return w != null && w.accountId.equals(accountId) ? Optional.of(w) : Optional.empty();
  }

  public List<Workspace> workspacesOf(String accountId) {
    return ofAccount(workspaces, accountId, w -> w.accountId);
  }
}
