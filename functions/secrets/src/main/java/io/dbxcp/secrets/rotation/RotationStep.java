package io.dbxcp.secrets.rotation;

import io.dbxcp.common.errors.InvalidRequestException;
import java.util.Arrays;

/** The four steps of Secrets Manager's rotation contract, by the names Secrets Manager sends. */
public enum RotationStep {
    CREATE("createSecret"),
    SET("setSecret"),
    TEST("testSecret"),
    FINISH("finishSecret");

    private final String wire;

    RotationStep(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static RotationStep of(String step) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(step)).findFirst()
                .orElseThrow(() -> new InvalidRequestException("Step", "'" + step + "' is not createSecret, setSecret, testSecret or finishSecret"));
    }
}
