package io.dbxcp.intake;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.dbxcp.common.aws.AwsClients;
import io.dbxcp.common.aws.AwsSettings;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.logging.Handlers;
import io.dbxcp.common.logging.LogKeys;
import io.dbxcp.common.logging.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Lambda entry point of every routed EventBridge event. A stream handler, so that even an event
 * that is not JSON reaches the service and is answered with a rejection.
 */
public final class IntakeHandler implements RequestStreamHandler {
    private final IntakeService service;

    public IntakeHandler() {
        this(IntakeConfig.fromEnv(), AwsSettings.fromEnv());
    }

    IntakeHandler(IntakeConfig config, AwsSettings aws) {
        this.service = new IntakeService(config,
                AwsClients.build(SfnClient.builder(), aws),
                AwsClients.build(EventBridgeClient.builder(), aws));
        this.priming = Priming.register("IntakeHandler", IntakePriming::prime);
    }

    private final Priming priming;

    /** SnapStart priming (see {@link IntakePriming}). */
    public Priming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        byte[] raw = in.readNBytes(IntakeService.MAX_EVENT_BYTES + 1);
        IntakeResult result = Handlers.run(context, Map.of(LogKeys.WORKFLOW, "intake"), () -> {
            IntakeResult r = service.accept(raw);
            Handlers.metrics().addMetric("Events" + r.outcome().name().charAt(0) + r.outcome().name().substring(1).toLowerCase(), 1, MetricUnit.COUNT);
            return r;
        });
        out.write(Json.write(result).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
