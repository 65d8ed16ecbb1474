package io.dbxcp.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.account.CredentialsRoutes;
import io.dbxcp.emulator.account.EncryptionKeysRoutes;
import io.dbxcp.emulator.account.GroupsRoutes;
import io.dbxcp.emulator.account.IdentityService;
import io.dbxcp.emulator.account.LogDeliveryRoutes;
import io.dbxcp.emulator.account.LogDeliveryService;
import io.dbxcp.emulator.account.MetastoreService;
import io.dbxcp.emulator.account.MetastoresRoutes;
import io.dbxcp.emulator.account.NetworksRoutes;
import io.dbxcp.emulator.account.PrivateAccessRoutes;
import io.dbxcp.emulator.account.ProvisioningService;
import io.dbxcp.emulator.account.ServicePrincipalSecretsRoutes;
import io.dbxcp.emulator.account.ServicePrincipalsRoutes;
import io.dbxcp.emulator.account.StorageRoutes;
import io.dbxcp.emulator.account.VpcEndpointsRoutes;
import io.dbxcp.emulator.account.WorkspaceAssignmentRoutes;
import io.dbxcp.emulator.account.WorkspaceService;
import io.dbxcp.emulator.account.WorkspacesRoutes;
import io.dbxcp.emulator.auth.AuthService;
import io.dbxcp.emulator.auth.OidcRoutes;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.EmulatorServer;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RateLimiter;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.emulator.http.Router;
import io.dbxcp.emulator.store.AccessToken;
import io.dbxcp.emulator.store.Account;
import io.dbxcp.emulator.store.ComplexValue;
import io.dbxcp.emulator.store.Ids;
import io.dbxcp.emulator.store.Knobs;
import io.dbxcp.emulator.store.ServicePrincipal;
import io.dbxcp.emulator.store.SpSecret;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import io.dbxcp.emulator.workspace.ClusterPoliciesService;
import io.dbxcp.emulator.workspace.ComputeRoutes;
import io.dbxcp.emulator.workspace.ComputeService;
import io.dbxcp.emulator.workspace.DbfsService;
import io.dbxcp.emulator.workspace.FilesRoutes;
import io.dbxcp.emulator.workspace.GlobalInitScriptsService;
import io.dbxcp.emulator.workspace.InstanceProfilesService;
import io.dbxcp.emulator.workspace.JobsRoutes;
import io.dbxcp.emulator.workspace.JobsService;
import io.dbxcp.emulator.workspace.SecretsRoutes;
import io.dbxcp.emulator.workspace.SecretsService;
import io.dbxcp.emulator.workspace.TokensRoutes;
import io.dbxcp.emulator.workspace.TokensService;
import io.dbxcp.emulator.workspace.UnityCatalogRoutes;
import io.dbxcp.emulator.workspace.UnityCatalogService;
import io.dbxcp.emulator.workspace.WorkspaceFilesService;
import io.dbxcp.emulator.workspace.WorkspaceScimRoutes;
import io.dbxcp.emulator.workspace.WorkspaceScimService;
import io.dbxcp.emulator.workspace.WorkspaceSettingsRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An offline Databricks Account and Workspace API on one local port, for the Databricks SDK.
 *
 * <pre>{@code
 * try (DatabricksEmulator emu = DatabricksEmulator.builder().provisioningTime(Duration.ofMillis(200)).start()) {
 *   DatabricksConfig cfg = new DatabricksConfig().setHost(emu.baseUrl()).setAccountId(emu.accountId())
 *       .setClientId(emu.adminClientId()).setClientSecret(emu.adminClientSecret()).setAuthType("oauth-m2m");
 *   ...
 * }
 * }</pre>
 *
 * <p>The account has two service principals from the start: an account admin (its client id and
 * secret are {@link #adminClientId()} and {@link #adminClientSecret()}) and a principal without
 * account admin rights ({@link #userClientId()}, {@link #userClientSecret()}).
 */
public final class DatabricksEmulator implements AutoCloseable {
  private final Builder options;
  private final EmulatorClock clock;
  private final Store store;
  private final RequestLog requestLog;
  private final Faults faults = new Faults();
  private final RateLimiter rateLimiter = new RateLimiter();
  private final AuthService auth;
  private final IdentityService identity;
  private final Scenario scenario;
  private final Router router = new Router();
  private final EmulatorServer server;
  private final String accountId;
  private final String adminPrincipalId;
  private final String adminClientId;
  private final String adminClientSecret;
  private final String userPrincipalId;
  private final String userClientId;
  private final String userClientSecret;
  private boolean running;

  private DatabricksEmulator(Builder b) {
    this.options = b;
    this.clock = new EmulatorClock(b.baseClock);
    Ids ids = new Ids(b.seed);
    this.store = new Store(clock, ids, b.knobs.copy());
    this.requestLog = new RequestLog(b.requestLogCapacity);
    this.auth = new AuthService(store);
    this.identity = new IdentityService(store);
    ProvisioningService provisioning = new ProvisioningService(store);
    WorkspaceService workspaces = new WorkspaceService(store, provisioning);
    MetastoreService metastores = new MetastoreService(store);
    ComputeService compute = new ComputeService(store);
    this.scenario = new Scenario(store, rateLimiter, workspaces, provisioning, compute);
    this.accountId = b.accountId != null ? b.accountId : ids.uuid();
    this.adminPrincipalId = ids.scimId();
    this.adminClientId = b.adminClientId != null ? b.adminClientId : ids.uuid();
    this.adminClientSecret = b.adminClientSecret != null ? b.adminClientSecret : ids.secretValue("dose");
    this.userPrincipalId = ids.scimId();
    this.userClientId = ids.uuid();
    this.userClientSecret = ids.secretValue("dose");
    router.addAll(
        new OidcRoutes(store, auth),
        new CredentialsRoutes(provisioning),
        new StorageRoutes(provisioning),
        new NetworksRoutes(provisioning),
        new PrivateAccessRoutes(provisioning),
        new VpcEndpointsRoutes(provisioning),
        new EncryptionKeysRoutes(provisioning),
        new WorkspacesRoutes(workspaces),
        new LogDeliveryRoutes(new LogDeliveryService(store, provisioning)),
        new ServicePrincipalsRoutes(identity),
        new GroupsRoutes(identity),
        new ServicePrincipalSecretsRoutes(identity),
        new MetastoresRoutes(metastores),
        new WorkspaceAssignmentRoutes(identity, workspaces),
        new SecretsRoutes(new SecretsService()),
        new TokensRoutes(new TokensService(store, auth)),
        new WorkspaceScimRoutes(new WorkspaceScimService(store, identity)),
        new WorkspaceSettingsRoutes(
            new InstanceProfilesService(), new ClusterPoliciesService(store), new GlobalInitScriptsService(store)),
        new ComputeRoutes(compute),
        new FilesRoutes(new WorkspaceFilesService(store), new DbfsService()),
        new JobsRoutes(new JobsService(store)),
        new UnityCatalogRoutes(new UnityCatalogService(store, metastores)),
        new ControlRoutes(this, router));
    this.server =
        new EmulatorServer(
            router,
            (call, route) ->
                store.locked(
                    () -> {
                      auth.check(call, route.access());
                      return route.handler().handle(call);
                    }),
            clock,
            requestLog,
            faults,
            rateLimiter,
            family -> store.knobs.latencyOf(family));
    rateLimiter.configure(b.rateLimit, b.rateBurst);
    bootstrap();
  }

  public static Builder builder() {
    return new Builder();
  }

  private void bootstrap() {
    store.locked(
        () -> {
          Account a = new Account();
          a.accountId = accountId;
          a.name = "Emulated Databricks account";
          a.creationTime = store.now().toEpochMilli();
          store.accounts.put(a.accountId, a);
          builtIn(adminPrincipalId, adminClientId, "emulator-account-admin", adminClientSecret, true);
          builtIn(userPrincipalId, userClientId, "emulator-account-user", userClientSecret, false);
        });
  }

  private void builtIn(String id, String applicationId, String name, String secret, boolean admin) {
    ServicePrincipal sp = new ServicePrincipal();
    sp.id = id;
    sp.applicationId = applicationId;
    sp.displayName = name;
    sp.accountId = accountId;
    if (admin) {
      sp.roles = new ArrayList<>(List.of(ComplexValue.of(ServicePrincipal.ACCOUNT_ADMIN_ROLE)));
    }
    store.servicePrincipals.put(sp.id, sp);
    SpSecret s = identity.addSecret(sp, secret, Duration.ZERO, store.now());
    s.expiresAt = null;
    s.expireTime = null;
  }

  /** Starts the server of a built emulator; a no-op while it runs. */
  public synchronized DatabricksEmulator start() {
    if (!running) {
      try {
        server.start(options.bindAddress, options.port);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the emulator on " + options.bindAddress + ":" + options.port, e);
      }
      running = true;
    }
    return this;
  }

  /**
   * Forgets every object, fault, request and scenario change, and moves the clock back: the
   * emulator is as it started. The account, its two principals and their credentials stay the
   * same, and OAuth tokens already given to them keep working.
   */
  public void reset() {
    store.locked(
        () -> {
          Map<String, AccessToken> keep = new LinkedHashMap<>();
          store.tokens.forEach(
              (hash, t) -> {
                boolean builtIn = t.principalId().equals(adminPrincipalId) || t.principalId().equals(userPrincipalId);
                if (builtIn && t.workspaceId() == null) {
                  keep.put(hash, t);
                }
              });
          store.clear();
          store.knobs.copyFrom(options.knobs);
          store.tokens.putAll(keep);
          faults.clear();
          requestLog.clear();
          rateLimiter.configure(options.rateLimit, options.rateBurst);
          clock.resetOffset();
          bootstrap();
        });
  }

  @Override
  public synchronized void close() {
    server.close();
    running = false;
  }

  /** http://127.0.0.1:PORT: the DATABRICKS_HOST of every client, account and workspace. */
  public String baseUrl() {
    String host = options.bindAddress.equals("0.0.0.0") ? "localhost" : options.bindAddress;
    return "http://" + host + ":" + port();
  }

  public int port() {
    return server.port();
  }

  public String accountId() {
    return accountId;
  }

  /** The client id (application id) of the account admin service principal. */
  public String adminClientId() {
    return adminClientId;
  }

  /** The OAuth secret of the account admin service principal (a fake credential). */
  public String adminClientSecret() {
    return adminClientSecret;
  }

  /** The SCIM id of the account admin service principal. */
  public String adminPrincipalId() {
    return adminPrincipalId;
  }

  /** The client id of the principal without account admin rights. */
  public String userClientId() {
    return userClientId;
  }

  public String userClientSecret() {
    return userClientSecret;
  }

  public String userPrincipalId() {
    return userPrincipalId;
  }

  public Scenario scenario() {
    return scenario;
  }

  public Faults faults() {
    return faults;
  }

  public EmulatorClock clock() {
    return clock;
  }

  /** Every object, by kind, as {@code GET /_emulator/state} shows it. No secret value appears. */
  public JsonNode state() {
    return store.locked(() -> StateView.of(store, clock.instant()));
  }

  /** The requests served so far, oldest first. */
  public List<RequestLog.Entry> requests() {
    return requestLog.all();
  }

  public RequestLog requestLog() {
    return requestLog;
  }

  /** A personal access token of the account admin on a workspace (which must have been RUNNING). */
  public String mintPat(long workspaceId) {
    return mintPat(workspaceId, adminClientId(), null);
  }

  /**
   * A personal access token on a workspace for a principal of the account, made as if by a
   * workspace admin; null lifetime for one that does not expire.
   */
  public String mintPat(long workspaceId, String applicationId, Duration lifetime) {
    return store.locked(
        () -> {
          Workspace w = store.workspaces.get(workspaceId);
          if (w == null) {
            throw ApiException.doesNotExist("Workspace " + workspaceId + " does not exist.");
          }
          ServicePrincipal owner = identity.byApplicationId(w.accountId, applicationId);
          if (owner == null) {
            throw ApiException.doesNotExist("No service principal with application id " + applicationId + ".");
          }
          if (!owner.isAccountAdmin() && !w.data.members.containsKey(owner.id)) {
            w.data.members.put(owner.id, new java.util.LinkedHashSet<>(List.of(AuthService.USER)));
          }
          ServicePrincipal admin = store.servicePrincipals.get(adminPrincipalId);
          return auth.issuePat(w, owner, admin, lifetime == null ? null : lifetime.toSeconds(), "minted by the emulator", store.now())
              .value();
        });
  }

  /** The environment a Databricks client needs: DATABRICKS_HOST, _ACCOUNT_ID, _CLIENT_ID, _CLIENT_SECRET. */
  public Map<String, String> env() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("DATABRICKS_HOST", baseUrl());
    m.put("DATABRICKS_ACCOUNT_ID", accountId());
    m.put("DATABRICKS_CLIENT_ID", adminClientId());
    m.put("DATABRICKS_CLIENT_SECRET", adminClientSecret());
    return m;
  }

  /** The routes served, for documentation and the control API. */
  public List<Router.Route> routes() {
    return router.routes();
  }

  Store store() {
    return store;
  }

  /** Options of an emulator; {@link #start()} builds and starts it. */
  public static final class Builder {
    private int port;
    private String bindAddress = "127.0.0.1";
    private String accountId;
    private String adminClientId;
    private String adminClientSecret;
    private long seed = System.nanoTime();
    private Clock baseClock = Clock.systemUTC();
    private int requestLogCapacity = 10_000;
    private double rateLimit;
    private double rateBurst;
    private final Knobs knobs = new Knobs();

    private Builder() {}

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The address to listen on; 127.0.0.1 by default. */
    public Builder bindAddress(String address) {
      this.bindAddress = Objects.requireNonNull(address);
      return this;
    }

    public Builder accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    /** Fixed credentials for the account admin principal (generated by default). */
    public Builder adminCredentials(String clientId, String clientSecret) {
      this.adminClientId = clientId;
      this.adminClientSecret = clientSecret;
      return this;
    }

    /** A seed for reproducible ids. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The clock the emulator's clock starts from (its offset moves with {@link EmulatorClock#advance}). */
    public Builder clock(Clock clock) {
      this.baseClock = Objects.requireNonNull(clock);
      return this;
    }

    public Builder requestLogCapacity(int capacity) {
      this.requestLogCapacity = capacity;
      return this;
    }

    public Builder provisioningTime(Duration d) {
      knobs.provisioningTime = d;
      return this;
    }

    public Builder patchProvisioningTime(Duration d) {
      knobs.patchProvisioningTime = d;
      return this;
    }

    public Builder iamPropagationDelay(Duration d) {
      knobs.iamPropagationDelay = d;
      return this;
    }

    public Builder clusterStartTime(Duration d) {
      knobs.clusterStartTime = d;
      return this;
    }

    public Builder warehouseStartTime(Duration d) {
      knobs.warehouseStartTime = d;
      return this;
    }

    public Builder jobRunTimes(Duration pending, Duration running) {
      knobs.jobRunPendingTime = pending;
      knobs.jobRunTime = running;
      return this;
    }

    public Builder workspaceReachableDelay(Duration d) {
      knobs.workspaceReachableDelay = d;
      return this;
    }

    public Builder oauthTokenLifetime(Duration d) {
      knobs.oauthTokenLifetime = d;
      return this;
    }

    public Builder scimMaxPageSize(int size) {
      knobs.scimMaxPageSize = size;
      return this;
    }

    public Builder failWorkspace(String workspaceName, String message) {
      knobs.failingWorkspaces.put(workspaceName, message);
      return this;
    }

    public Builder rateLimit(double requestsPerSecond, double burst) {
      this.rateLimit = requestsPerSecond;
      this.rateBurst = burst;
      return this;
    }

    public Builder latency(String family, Duration d) {
      knobs.latency.put(family, d);
      return this;
    }

    /** Builds the emulator without starting its server (the extension starts it later). */
    public DatabricksEmulator build() {
      return new DatabricksEmulator(this);
    }

    public DatabricksEmulator start() {
      return build().start();
    }
  }
}
