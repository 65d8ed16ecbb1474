package io.dbxcp.keys.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The state of a rotate-key execution as it flows through the state machine: the input the intake
 * (or a console user) gave, normalised by ValidateRequest, and what each step adds under its
 * ResultPath. Handlers read what they need and return only their own part.
 *
 * @param usage      {@code $.usage}: the workspaces that use the key (key checks)
 * @param assessment {@code $.assessment}: the check's verdict and event (key checks)
 * @param targets    {@code $.targets}: the workspaces to update (replacement)
 * @param preflight  {@code $.preflight}: what the new key's preflight checked (replacement)
 * @param newKey     {@code $.newKey}: the new key's configuration (replacement)
 * @param results    {@code $.results}: one outcome per workspace, from the Map (replacement)
 * @param error      {@code $.error}: a caught error {Error, Cause}
 * @param failedStep {@code $.failedStep}: the state that failed
 */
public record KeyExecution(
        String workflow,
        JsonNode trigger,
        KeyRequest request,
        KeyUsage usage,
        KeyAssessment assessment,
        Targets targets,
        KeyPreflight preflight,
        NewKey newKey,
        List<JsonNode> results,
        JsonNode error,
        String failedStep) {}
