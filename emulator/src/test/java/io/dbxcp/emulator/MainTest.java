package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.DatabricksConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standalone command line: its options and what it prints. */
class MainTest {

  @Test
  void parse_flags_configureTheEmulator() {
    Main.Options o =
        Main.parse(
            new String[] {
              "--port", "0", "--provisioning-seconds=0.5", "--rate-limit", "15:30", "--latency", "account.workspaces=150",
              "--fail-workspace", "doomed=No capacity", "--client-id", "admin-app", "--client-secret", "dose-fixed", "--seed", "7"
            });

    try (DatabricksEmulator emu = o.builder.start()) {
      Map<String, Object> knobs = emu.scenario().describe();
      assertThat(knobs).containsEntry("provisioning_seconds", 0.5).containsEntry("rate_limit_rps", 15.0).containsEntry("rate_limit_burst", 30.0);
      assertThat(knobs.get("latency_ms")).isEqualTo(Map.of("account.workspaces", 150L));
      assertThat(knobs.get("fail_workspaces")).isEqualTo(new LinkedHashMap<>(Map.of("doomed", "No capacity")));
      assertThat(emu.adminClientId()).isEqualTo("admin-app");
      assertThat(emu.adminClientSecret()).isEqualTo("dose-fixed");
    }
  }

  @Test
  void parse_unknownOrIncompleteFlag_isRefused() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--nope", "1"})).hasMessageContaining("unknown option --nope");
    assertThatThrownBy(() -> Main.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> Main.parse(new String[] {"--client-id", "x"})).hasMessageContaining("go together");
  }

  @Test
  void report_printsTheEnvLinesOnStdoutAndTheyWorkForAnAccountClient() {
    Main.Options o = Main.parse(new String[] {"--port", "0"});
    try (DatabricksEmulator emu = o.builder.start()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      Main.report(emu, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

      Map<String, String> env = new LinkedHashMap<>();
      for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
        env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
      assertThat(env).containsOnlyKeys("DATABRICKS_HOST", "DATABRICKS_ACCOUNT_ID", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET");
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("listening on " + emu.baseUrl(), "/_emulator/state");
      AccountClient a =
          new AccountClient(
              new DatabricksConfig()
                  .setHost(env.get("DATABRICKS_HOST"))
                  .setAccountId(env.get("DATABRICKS_ACCOUNT_ID"))
                  .setClientId(env.get("DATABRICKS_CLIENT_ID"))
                  .setClientSecret(env.get("DATABRICKS_CLIENT_SECRET"))
                  .setAuthType("oauth-m2m")
                  .setHttpTimeoutSeconds(30));
      assertThat(a.workspaces().list()).isEmpty();
    }
  }
}
