package io.dbxcp.storage.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.logging.JsonHandler;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.storage.StorageKeys;
import io.dbxcp.storage.model.MountReport;
import java.util.HashMap;
import java.util.Map;

/** States ReportResults and ReportFailure: the execution's report (the detail of its event). See {@link MountReportService}. */
public final class ReportMountsHandler extends JsonHandler<JsonNode, MountReport> {
    private final MountReportService service = new MountReportService();

    public ReportMountsHandler() {
        super(JsonNode.class);
    }

    @Override
    protected Map<String, String> keys(JsonNode state) {
        Map<String, String> keys = new HashMap<>();
        keys.put(LogKeys.WORKFLOW, StorageKeys.WORKFLOW);
        keys.put(LogKeys.REQUEST_ID, state.path("request").path("requestId").asText(state.path("requestId").asText("")));
        return keys;
    }

    @Override
    protected MountReport handle(JsonNode state) {
        return service.report(state);
    }
}
