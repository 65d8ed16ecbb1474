package io.dbxcp.local.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.DatabricksEmulator;
import io.dbxcp.local.template.TemplateBindings;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a {@link FixturePreparer} gets: the workflow about to run, its input, its substituted definition, and the
 * environment the handlers will see (AWS_ENDPOINT_URL of moto, DATABRICKS_HOST of the emulator...), and the
 * running emulator itself.
 */
public record FixtureContext(String workflow, JsonNode input, JsonNode definition, TemplateBindings bindings,
        Map<String, String> environment, DatabricksEmulator emulator, PrintStream log) {
}
