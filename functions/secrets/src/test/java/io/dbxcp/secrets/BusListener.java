package io.dbxcp.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.testsupport.MotoServer;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** A bus in moto whose events of one detail-type reach an SQS queue, read back in tests (the runner's {@link io.dbxcp.local.offline.BusListener}). */
public final class BusListener implements AutoCloseable {
    public final String busName;
    public final EventBridgeClient events;
    private final io.dbxcp.local.offline.BusListener listener;

    public BusListener(MotoServer moto, String busName, String detailType) {
        this.busName = busName;
        this.listener = new io.dbxcp.local.offline.BusListener(moto.awsSettings(), busName, Fixtures.unique("events"),
                "{\"source\":[\"dbxcp.controlplane\"],\"detail-type\":[\"" + detailType + "\"]}");
        this.events = listener.eventBridge();
    }

    /** The events received, waiting (bounded) until at least {@code atLeast} came. */
    public List<JsonNode> received(int atLeast) {
        return listener.events(atLeast);
    }

    @Override
    public void close() {
        listener.close();
    }
}
