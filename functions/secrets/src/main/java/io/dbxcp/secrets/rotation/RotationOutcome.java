package io.dbxcp.secrets.rotation;

import java.util.List;

/**
 * What a step did (Secrets Manager ignores the answer; tests and logs read it). No value.
 *
 * @param result  CREATED, ALREADY_CREATED, NOTHING_TO_SET, TESTED, FINISHED, ALREADY_CURRENT
 * @param retired ids of the credentials retired at finishSecret (Databricks secret or token ids)
 * @param synced  the scope targets written at finishSecret, as {@code <workspaceId>/<scope>/<key>}
 */
public record RotationOutcome(String secretArn, String step, String versionId, String result, List<String> retired, List<String> synced) {
    static RotationOutcome of(String secretArn, RotationStep step, String versionId, String result) {
        return new RotationOutcome(secretArn, step.wire(), versionId, result, List.of(), List.of());
    }
}
