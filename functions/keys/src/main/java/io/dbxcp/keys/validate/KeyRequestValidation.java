package io.dbxcp.keys.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.json.Json;
import io.dbxcp.common.validation.Arn;
import io.dbxcp.common.validation.RequestRules;
import io.dbxcp.common.validation.Violation;
import io.dbxcp.keys.KeysLogKeys;
import io.dbxcp.keys.model.KeyExecution;
import io.dbxcp.keys.model.KeyRequest;
import io.dbxcp.keys.model.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * State ValidateRequest of rotate-key: validates the request again (console executions skip the
 * intake) and normalises it. Accepted inputs: the intake's {@code {"workflow", "trigger", "request"}},
 * {@code {"request": ...}}, or the bare request. A request without {@code kind} is a replacement
 * when it has {@code newKeyArn} (the {@code Key Replacement Requested} detail as it is), and a check
 * of the key like a rotation's when it has only {@code keyArn} (on-demand verification).
 * A replacement is validated with the same schema and rules as the intake's
 * ({@code events/schemas/key-replacement-request.schema.json}); {@code waitForIdleComputeMinutes}
 * defaults to 0 (fail at once naming what runs). A key check is validated with this module's
 * {@code schemas/key-change-request.schema.json} (known fields only, each of its type). Dates of
 * CloudTrail records are kept as given: an alert is never lost to a date format (the key check reads
 * the deletion date from KMS too).
 */
public final class KeyRequestValidation {

    public KeyExecution validate(JsonNode input) {
        if (input == null || !input.isObject()) throw new InvalidRequestException("request", "is not a JSON object");
        if (input.has("request") && !input.path("request").isObject()) throw new InvalidRequestException("request", "is not a JSON object");
        JsonNode raw = input.has("request") ? input.path("request") : input;
        ObjectNode request = (ObjectNode) raw.deepCopy();
        request.remove(List.of("workflow", "trigger"));
        Kind kind = kind(request);
        request.remove("kind");
        KeyRequest parsed = kind == Kind.REPLACE ? replacement(request) : keyChange(kind, request);
        JsonNode trigger = input.path("trigger").isObject() ? input.path("trigger") : null;
        return new KeyExecution(KeysLogKeys.WORKFLOW, trigger, parsed, null, null, null, null, null, null, null, null);
    }

    private static Kind kind(ObjectNode request) {
        JsonNode k = request.path("kind");
        if (k.isMissingNode() || k.isNull()) return request.hasNonNull("newKeyArn") ? Kind.REPLACE : Kind.ROTATED;
        try {
            return Kind.valueOf(k.asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("request.kind", "is '" + k.asText() + "'; expected one of "
                    + Arrays.stream(Kind.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private static KeyRequest replacement(ObjectNode request) {
        RequestRules.require("key-replacement-request", request, "request");
        if (!request.has("waitForIdleComputeMinutes")) request.put("waitForIdleComputeMinutes", 0);
        request.put("kind", Kind.REPLACE.name());
        return Json.convert(request, KeyRequest.class);
    }

    private static KeyRequest keyChange(Kind kind, ObjectNode request) {
        List<Violation> v = new ArrayList<>();
        String keyArn = request.path("keyArn").asText(null);
        if (keyArn == null) {
            v.add(new Violation("request.keyArn", "is missing: name the KMS key (its ARN)"));
        } else if (Arn.parse(keyArn).filter(a -> a.service().equals("kms") && a.resource().startsWith("key/")).isEmpty()) {
            v.add(new Violation("request.keyArn", "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>; aliases are not followed)"));
        }
        for (String field : List.of("newKeyArn", "oldKeyArn", "workspaceIds", "useCase")) {
            if (request.has(field)) v.add(new Violation("request." + field, "belongs to a replacement request, not to kind " + kind));
        }
        if (!v.isEmpty()) throw new InvalidRequestException(v);
        request.put("kind", kind.name());
        RequestRules.require("key-change-request", request, "request");
        return Json.convert(request, KeyRequest.class);
    }
}
