package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.AccountClient;
import io.dbxcp.emulator.junit.DatabricksEmulatorExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension on an instance field: a fresh emulator for every test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExtensionPerTestTest {
  @RegisterExtension DatabricksEmulatorExtension emu = DatabricksEmulatorExtension.builder().build();

  @Test
  @Order(1)
  void firstTest_createsACredential() {
    new Fixtures(emu).credential();

    assertThat(emu.state().at("/credentials")).hasSize(1);
  }

  @Test
  @Order(2)
  void secondTest_startsWithAnEmptyEmulator() {
    assertThat(emu.state().at("/credentials")).isEmpty();
    assertThat(new AccountClient(emu.accountConfig()).credentials().list()).isEmpty();
  }
}
