package io.dbxcp.emulator.junit;

import com.databricks.sdk.core.DatabricksConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.DatabricksEmulator;
import io.dbxcp.emulator.EmulatorClock;
import io.dbxcp.emulator.Scenario;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RequestLog;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link DatabricksEmulator} for a test class (static field) or for each test (instance
 * field), on a free port, and closes it after.
 *
 * <pre>{@code
 * @RegisterExtension
 * static DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder()
 *     .provisioningTime(Duration.ofMillis(200))
 *     .resetBetweenTests()
 *     .build();
 *
 * AccountClient a = new AccountClient(emu.accountConfig());
 * }</pre>
 *
 * <p>{@link #accountConfig()} and {@link #workspaceConfig(long, String)} need the Databricks SDK on
 * the test class path (the emulator module declares it optional).
 */
public final class DatabricksEmulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  /** The HTTP timeout the configs use: short, so a test never hangs for the SDK's default 300 s. */
  public static final int HTTP_TIMEOUT_SECONDS = 30;

  private final DatabricksEmulator emulator;
  private final boolean resetBetweenTests;
  private boolean perClass;
  private boolean started;

  private DatabricksEmulatorExtension(DatabricksEmulator emulator, boolean resetBetweenTests) {
    this.emulator = emulator;
    this.resetBetweenTests = resetBetweenTests;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    emulator.start();
    started = true;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    emulator.close();
    started = false;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!started) {
      emulator.start();
      started = true;
    } else if (resetBetweenTests) {
      emulator.reset();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      emulator.close();
      started = false;
    }
  }

  public DatabricksEmulator emulator() {
    return emulator;
  }

  public String baseUrl() {
    return emulator.baseUrl();
  }

  public String accountId() {
    return emulator.accountId();
  }

  public String adminClientId() {
    return emulator.adminClientId();
  }

  public String adminClientSecret() {
    return emulator.adminClientSecret();
  }

  public String userClientId() {
    return emulator.userClientId();
  }

  public String userClientSecret() {
    return emulator.userClientSecret();
  }

  public Scenario scenario() {
    return emulator.scenario();
  }

  public Faults faults() {
    return emulator.faults();
  }

  public EmulatorClock clock() {
    return emulator.clock();
  }

  public void reset() {
    emulator.reset();
  }

  public JsonNode state() {
    return emulator.state();
  }

  public List<RequestLog.Entry> requests() {
    return emulator.requests();
  }

  /** A personal access token of the account admin on a workspace. */
  public String mintPat(long workspaceId) {
    return emulator.mintPat(workspaceId);
  }

  /** An account client config for the account admin: host, account id, OAuth M2M, short timeout. */
  public DatabricksConfig accountConfig() {
    return accountConfig(adminClientId(), adminClientSecret());
  }

  /** An account client config for any principal of the account. */
  public DatabricksConfig accountConfig(String clientId, String clientSecret) {
    return new DatabricksConfig()
        .setHost(baseUrl())
        .setAccountId(accountId())
        .setClientId(clientId)
        .setClientSecret(clientSecret)
        .setAuthType("oauth-m2m")
        .setHttpTimeoutSeconds(HTTP_TIMEOUT_SECONDS);
  }

  /** A workspace client config that authenticates with a personal access token. */
  public DatabricksConfig workspaceConfig(long workspaceId, String token) {
    return new DatabricksConfig()
        .setHost(baseUrl())
        .setWorkspaceId(String.valueOf(workspaceId))
        .setToken(token)
        .setAuthType("pat")
        .setHttpTimeoutSeconds(HTTP_TIMEOUT_SECONDS);
  }

  /** Options of the extension; everything else is set on the emulator's builder with {@link #configure}. */
  public static final class Builder {
    private final DatabricksEmulator.Builder emulator = DatabricksEmulator.builder();
    private boolean resetBetweenTests;

    private Builder() {}

    /** Resets the emulator before each test (when it runs for the whole class). */
    public Builder resetBetweenTests() {
      this.resetBetweenTests = true;
      return this;
    }

    public Builder provisioningTime(Duration d) {
      emulator.provisioningTime(d);
      return this;
    }

    public Builder patchProvisioningTime(Duration d) {
      emulator.patchProvisioningTime(d);
      return this;
    }

    public Builder iamPropagationDelay(Duration d) {
      emulator.iamPropagationDelay(d);
      return this;
    }

    public Builder seed(long seed) {
      emulator.seed(seed);
      return this;
    }

    /** Any other option of {@link DatabricksEmulator.Builder}. */
    public Builder configure(Consumer<DatabricksEmulator.Builder> options) {
      options.accept(emulator);
      return this;
    }

    public DatabricksEmulatorExtension build() {
      return new DatabricksEmulatorExtension(emulator.build(), resetBetweenTests);
    }
  }
}
