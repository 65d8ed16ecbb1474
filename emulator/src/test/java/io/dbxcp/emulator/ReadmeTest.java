package io.dbxcp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbxcp.emulator.http.Access;
import io.dbxcp.emulator.http.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's tables name every route the emulator serves. */
class ReadmeTest {

  @Test
  void readme_namesEveryServedEndpointAndControlRoute() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    try (DatabricksEmulator emu = DatabricksEmulator.builder().build()) {
      List<String> missing =
          emu.routes().stream()
              .filter(r -> !documented(readme, r))
              .map(r -> r.method() + " " + r.template())
              .toList();

      assertThat(missing).isEmpty();
    }
  }

  private static boolean documented(String readme, Router.Route r) {
    if (r.access() == Access.CONTROL) {
      String path = r.template().replace("{workspace_id}", "{id}");
      return readme.contains(path);
    }
    return readme.contains("`" + r.method() + " " + r.template() + "`");
  }
}
