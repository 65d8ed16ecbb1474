package io.dbxcp.secrets.rotation;

import io.dbxcp.common.json.Json;
import io.dbxcp.secrets.Fixtures;
import io.dbxcp.secrets.sync.ScopeSyncService;
import io.dbxcp.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Calls the rotation function as Secrets Manager does: a JSON event in, through the handler's stream. */
final class RotationCalls {
    static final List<String> STEPS = List.of("createSecret", "setSecret", "testSecret", "finishSecret");

    private final RotationHandler handler;

    RotationCalls(Fixtures f) {
        this.handler = new RotationHandler(service(f));
    }

    static RotationService service(Fixtures f) {
        return new RotationService(f.store,
                List.of(new OAuthSecretRotator(f.clients, Duration.ofDays(30)), new OboTokenRotator(f.directory, Duration.ofDays(7))),
                new ScopeSyncService(f.store, f.directory));
    }

    RotationOutcome step(String arn, String token, String step) {
        return call(new RotationEvent(arn, token, step, null));
    }

    RotationOutcome call(RotationEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
                    new TestContext("SecretRotationFunction"));
            return Json.MAPPER.readValue(out.toByteArray(), RotationOutcome.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
