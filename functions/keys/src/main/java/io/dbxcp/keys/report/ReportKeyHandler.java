package io.dbxcp.keys.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.keys.KeysLogKeys;
import java.util.HashMap;
import java.util.Map;

/**
 * States ReportReplacement and ReportFailure: the detail of the event that ends the execution
 * ({@link KeyReportService}). Pure: no call, no configuration.
 */
public final class ReportKeyHandler extends JsonHandler<JsonNode, ObjectNode> {
    private final KeyReportService service = new KeyReportService();

    public ReportKeyHandler() {
        super(JsonNode.class);
    }

    @Override
    protected Map<String, String> keys(JsonNode state) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, KeysLogKeys.WORKFLOW);
        String id = state.path("request").path("requestId").asText(state.path("trigger").path("eventId").asText(""));
        if (!id.isEmpty()) keys.put(LogKeys.REQUEST_ID, id);
        return keys;
    }

    @Override
    protected ObjectNode handle(JsonNode state) {
        return service.report(state);
    }
}
