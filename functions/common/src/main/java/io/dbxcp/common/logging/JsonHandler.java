package io.dbxcp.common.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.validation.Conversion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Base of the Task handlers: reads the state machine's payload with the project's own JSON mapper
 * (the same in Lambda, in the local runner and in tests: records, unknown fields ignored) and writes
 * the result with every field present, nulls included, so that a later JSONPath such as
 * {@code $.workspace.statusMessage} always resolves. The subclass names the domain log keys and does
 * its one service call; logging and metrics wrap it ({@link Handlers#run}).
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler {
    private final Class<I> inputType;
    private final Priming priming;

    protected JsonHandler(Class<I> inputType) {
        this.inputType = inputType;
        this.priming = Priming.register(getClass().getSimpleName(), this::prime);
    }

    /** SnapStart priming before the checkpoint: a JSON round trip of a real payload, logging and metrics; no network. */
    protected void prime() {
        Priming.roundTrip(primingPayload(), inputType);
    }

    /** A representative payload of the input type (JSON); by default an empty object. */
    protected String primingPayload() {
        return "{}";
    }

    /** The registered priming of this handler (tests run it). */
    public Priming priming() { return priming; }

    @Override
    public final void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        I input = read(Json.MAPPER.readTree(in));
        O result = Handlers.run(context, keys(input), () -> handle(input));
        Json.WRITER_WITH_NULLS.writeValue(out, result);
    }

    /** The payload as the input type; a field of another type is an {@code InvalidRequestException} naming it. */
    protected I read(JsonNode payload) {
        return Conversion.as(payload, inputType, "");
    }

    /** The domain log keys of this input (workflow, request id, workspace id, account id). */
    protected abstract Map<String, String> keys(I input);

    /** The step: one service call. */
    protected abstract O handle(I input);
}
