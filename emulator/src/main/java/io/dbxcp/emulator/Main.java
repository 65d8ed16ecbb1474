package io.dbxcp.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone emulator: {@code scripts/emulator [options]}. It prints where it listens and the
 * credentials of its account admin service principal (fake ones: printing them is the point), then
 * serves until interrupted. Human-readable lines go to stderr, the DATABRICKS_* lines to stdout.
 */
public final class Main {
  static final String USAGE =
      """
      Usage: scripts/emulator [options]
        --port N                          port to listen on (default 8765; 0 picks a free one)
        --bind ADDRESS                    address to listen on (default 127.0.0.1)
        --provisioning-seconds S          a new workspace stays PROVISIONING S seconds (default 20)
        --patch-provisioning-seconds S    a PATCH re-provisions for S seconds (default 10)
        --iam-delay-seconds S             credentials for a new role ARN are refused for S seconds (default 0)
        --cluster-start-seconds S         a cluster is PENDING for S seconds (default 5)
        --warehouse-start-seconds S       a SQL warehouse is STARTING for S seconds (default 5)
        --job-pending-seconds S           a job run is PENDING for S seconds (default 2)
        --job-run-seconds S               then RUNNING for S seconds (default 8)
        --reachable-delay-seconds S       a new workspace answers 503 for S seconds after RUNNING (default 0)
        --token-lifetime-seconds S        OAuth access token lifetime (default 3600)
        --scim-page-size N                largest SCIM page returned (default 100)
        --rate-limit RPS[:BURST]          token bucket; beyond it 429 REQUEST_LIMIT_EXCEEDED with Retry-After
        --latency FAMILY=MS               modeled latency of an endpoint family, e.g. account.workspaces=150 (repeatable)
        --fail-workspace NAME=MESSAGE     the workspace named NAME ends FAILED with MESSAGE (repeatable)
        --account-id ID                   account id (default: generated)
        --client-id ID --client-secret S  credentials of the account admin principal (default: generated)
        --seed N                          seed for reproducible ids
        --env-file PATH                   also write the DATABRICKS_* lines to PATH
        -h, --help                        this text
      """;

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("emulator: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (o.help) {
      System.out.print(USAGE);
      return;
    }
    DatabricksEmulator emu;
    try {
      emu = o.builder.start();
    } catch (java.io.UncheckedIOException e) {
      System.err.println("emulator: " + e.getMessage() + ": " + e.getCause().getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emu.close();
                  stopped.countDown();
                }));
    report(emu, System.out, System.err);
    if (o.envFile != null) {
      try {
        Files.writeString(o.envFile, envLines(emu), StandardCharsets.UTF_8);
      } catch (IOException e) {
        System.err.println("emulator: cannot write " + o.envFile + ": " + e.getMessage());
      }
    }
    stopped.await();
  }

  static void report(DatabricksEmulator emu, PrintStream out, PrintStream err) {
    err.println("Databricks emulator listening on " + emu.baseUrl());
    err.println("  account id:              " + emu.accountId());
    err.println("  account admin client id: " + emu.adminClientId());
    err.println("  account admin secret:    " + emu.adminClientSecret() + "   (a fake credential of the emulator)");
    err.println("  state:                   " + emu.baseUrl() + "/_emulator/state");
    err.println("  stop with Ctrl-C. Environment for clients:");
    out.print(envLines(emu));
    out.flush();
  }

  static String envLines(DatabricksEmulator emu) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : emu.env().entrySet()) {
      b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
    }
    return b.toString();
  }

  /** Parsed command line. */
  static final class Options {
    final DatabricksEmulator.Builder builder = DatabricksEmulator.builder();
    boolean help;
    Path envFile;
  }

  static Options parse(String[] args) {
    Options o = new Options();
    DatabricksEmulator.Builder b = o.builder;
    b.port(8765)
        .provisioningTime(Duration.ofSeconds(20))
        .patchProvisioningTime(Duration.ofSeconds(10))
        .clusterStartTime(Duration.ofSeconds(5))
        .warehouseStartTime(Duration.ofSeconds(5))
        .jobRunTimes(Duration.ofSeconds(2), Duration.ofSeconds(8));
    Duration jobPending = Duration.ofSeconds(2);
    Duration jobRun = Duration.ofSeconds(8);
    String clientId = null;
    String clientSecret = null;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String flag = rest.removeFirst();
      String value = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      if (flag.equals("-h") || flag.equals("--help")) {
        o.help = true;
        continue;
      }
      if (value == null) {
        if (rest.isEmpty()) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        value = rest.removeFirst();
      }
      switch (flag) {
        case "--port" -> b.port(integer(flag, value));
        case "--bind" -> b.bindAddress(value);
        case "--provisioning-seconds" -> b.provisioningTime(seconds(flag, value));
        case "--patch-provisioning-seconds" -> b.patchProvisioningTime(seconds(flag, value));
        case "--iam-delay-seconds" -> b.iamPropagationDelay(seconds(flag, value));
        case "--cluster-start-seconds" -> b.clusterStartTime(seconds(flag, value));
        case "--warehouse-start-seconds" -> b.warehouseStartTime(seconds(flag, value));
        case "--job-pending-seconds" -> jobPending = seconds(flag, value);
        case "--job-run-seconds" -> jobRun = seconds(flag, value);
        case "--reachable-delay-seconds" -> b.workspaceReachableDelay(seconds(flag, value));
        case "--token-lifetime-seconds" -> b.oauthTokenLifetime(seconds(flag, value));
        case "--scim-page-size" -> b.scimMaxPageSize(integer(flag, value));
        case "--rate-limit" -> {
          String[] parts = value.split(":");
          double rps = number(flag, parts[0]);
          b.rateLimit(rps, parts.length > 1 ? number(flag, parts[1]) : rps);
        }
        case "--latency" -> {
          String[] kv = pair(flag, value);
          b.latency(kv[0], Duration.ofMillis(integer(flag, kv[1])));
        }
        case "--fail-workspace" -> {
          String[] kv = pair(flag, value);
          b.failWorkspace(kv[0], kv[1]);
        }
        case "--account-id" -> b.accountId(value);
        case "--client-id" -> clientId = value;
        case "--client-secret" -> clientSecret = value;
        case "--seed" -> b.seed(Long.parseLong(value));
        case "--env-file" -> o.envFile = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + flag);
      }
    }
    b.jobRunTimes(jobPending, jobRun);
    if ((clientId == null) != (clientSecret == null)) {
      throw new IllegalArgumentException("--client-id and --client-secret go together");
    }
    if (clientId != null) {
      b.adminCredentials(clientId, clientSecret);
    }
    return o;
  }

  private static String[] pair(String flag, String value) {
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(flag + " takes KEY=VALUE, not " + value);
    }
    return new String[] {value.substring(0, eq), value.substring(eq + 1)};
  }

  private static int integer(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, not " + value);
    }
  }

  private static double number(String flag, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a number, not " + value);
    }
  }

  private static Duration seconds(String flag, String value) {
    double s = number(flag, value);
    if (s < 0) {
      throw new IllegalArgumentException(flag + " cannot be negative");
    }
    return Duration.ofMillis(Math.round(s * 1000));
  }
}
