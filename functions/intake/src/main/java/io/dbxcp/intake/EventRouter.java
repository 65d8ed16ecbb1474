package io.dbxcp.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.validation.Arn;
import io.dbxcp.common.validation.RequestRules;
import io.dbxcp.common.validation.SchemaValidator;
import io.dbxcp.common.validation.Violation;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides which workflow an EventBridge event starts, validates it, and normalises it into the
 * workflow's input. Pure: no AWS call, so the local runner turns sample events into workflow inputs
 * exactly as the deployed intake does.
 */
public final class EventRouter {
    /** The source of this project's own events: requests in, results out. */
    public static final String SOURCE = "dbxcp.controlplane";
    /** Largest {@code detail} accepted, in bytes of JSON. */
    public static final int MAX_DETAIL_BYTES = 64 * 1024;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String CLOUDTRAIL_SERVICE = "AWS Service Event via CloudTrail";
    private static final String CLOUDTRAIL_API = "AWS API Call via CloudTrail";

    public Routed route(JsonNode event) {
        if (event == null || !event.isObject()) throw new InvalidRequestException("event", "is not a JSON object");
        List<Violation> envelope = SchemaValidator.validate("eventbridge-envelope", event, "event");
        if (!envelope.isEmpty()) throw new InvalidRequestException(envelope);
        JsonNode detail = event.path("detail");
        int size = detail.toString().length();
        if (size > MAX_DETAIL_BYTES) {
            throw new InvalidRequestException("detail", "is " + size + " bytes, more than the " + MAX_DETAIL_BYTES + " accepted");
        }
        String source = event.path("source").asText();
        String type = event.path("detail-type").asText();
        String eventName = detail.path("eventName").asText("");
        return switch (source + "|" + type) {
            case SOURCE + "|Workspace Requested" -> custom(event, Workflow.PROVISION_WORKSPACE, "workspace-request", "ws");
            case SOURCE + "|Bucket Mount Requested" -> custom(event, Workflow.MOUNT_BUCKETS, "bucket-mount-request", "mount");
            case SOURCE + "|Key Replacement Requested" -> keyReplacement(event);
            case SOURCE + "|Secret Rotation Requested" -> custom(event, Workflow.ROTATE_SECRETS, "secret-rotation-request", "rotate");
            case "aws.controltower|" + CLOUDTRAIL_SERVICE -> controlTower(event);
            case "aws.organizations|" + CLOUDTRAIL_SERVICE -> organizations(event);
            case "aws.kms|KMS CMK Rotation" -> kmsRotation(event);
            case "aws.kms|" + CLOUDTRAIL_API -> kmsKeyChange(event);
            case "aws.secretsmanager|" + CLOUDTRAIL_SERVICE -> rotationSucceeded(event);
            default -> throw new InvalidRequestException("detail-type",
                    "no workflow serves source '" + source + "' with detail-type '" + type + "'"
                            + (eventName.isEmpty() ? "" : " (eventName " + eventName + ")"));
        };
    }

    private Routed custom(JsonNode event, Workflow workflow, String schema, String prefix) {
        JsonNode detail = event.path("detail");
        RequestRules.require(schema, detail, "detail");
        return new Routed(workflow, ExecutionNames.of(prefix, detail.path("requestId").asText()), input(workflow, event, detail));
    }

    private Routed keyReplacement(JsonNode event) {
        JsonNode detail = event.path("detail");
        RequestRules.require("key-replacement-request", detail, "detail");
        ObjectNode request = ((ObjectNode) detail.deepCopy()).put("kind", "REPLACE");
        return new Routed(Workflow.ROTATE_KEY, ExecutionNames.of("key-replace", detail.path("requestId").asText()),
                input(Workflow.ROTATE_KEY, event, request));
    }

    private Routed controlTower(JsonNode event) {
        JsonNode detail = event.path("detail");
        RequestRules.require("controltower-create-managed-account", detail, "detail");
        JsonNode status = detail.path("serviceEventDetails").path("createManagedAccountStatus");
        String accountId = status.path("account").path("accountId").asText();
        ObjectNode request = F.objectNode()
                .put("origin", "CONTROL_TOWER")
                .put("accountId", accountId)
                .put("accountName", status.path("account").path("accountName").asText(null))
                .put("region", event.path("region").asText())
                .put("organizationalUnitId", status.path("organizationalUnit").path("organizationalUnitId").asText(null));
        return new Routed(Workflow.ONBOARD_ACCOUNT, ExecutionNames.of("onboard", accountId, event.path("id").asText()),
                input(Workflow.ONBOARD_ACCOUNT, event, request));
    }

    private Routed organizations(JsonNode event) {
        JsonNode detail = event.path("detail");
        RequestRules.require("organizations-create-account-result", detail, "detail");
        JsonNode status = detail.path("serviceEventDetails").path("createAccountStatus");
        String accountId = status.path("accountId").asText();
        ObjectNode request = F.objectNode()
                .put("origin", "ORGANIZATIONS")
                .put("accountId", accountId)
                .put("accountName", status.path("accountName").asText(null))
                .put("region", event.path("region").asText())
                .put("createAccountRequestId", status.path("id").asText());
        return new Routed(Workflow.ONBOARD_ACCOUNT, ExecutionNames.of("onboard", accountId, status.path("id").asText()),
                input(Workflow.ONBOARD_ACCOUNT, event, request));
    }

    private Routed kmsRotation(JsonNode event) {
        JsonNode detail = event.path("detail");
        RequestRules.require("kms-cmk-rotation", detail, "detail");
        String keyId = detail.path("key-id").asText();
        JsonNode resources = event.path("resources");
        String keyArn = resources.size() > 0 ? resources.get(0).asText() : keyArn(event, keyId);
        checkKeyArn(event, keyArn, "resources[0]");
        if (!Arn.parse(keyArn).orElseThrow().resourceId().equals(keyId)) {
            throw new InvalidRequestException("event.resources[0]", "names key " + Arn.parse(keyArn).get().resourceId() + " but detail.key-id is " + keyId);
        }
        ObjectNode request = F.objectNode().put("kind", "ROTATED").put("keyArn", keyArn);
        return new Routed(Workflow.ROTATE_KEY, ExecutionNames.of("key", keyId, event.path("id").asText()),
                input(Workflow.ROTATE_KEY, event, request));
    }

    private Routed kmsKeyChange(JsonNode event) {
        JsonNode detail = event.path("detail");
        RequestRules.require("kms-cloudtrail-key-change", detail, "detail");
        String keyArn = detail.path("resources").path(0).path("ARN").asText(null);
        if (keyArn == null) {
            String keyId = detail.path("requestParameters").path("keyId").asText();
            keyArn = keyId.startsWith("arn:") ? keyId : keyArn(event, keyId);
        }
        checkKeyArn(event, keyArn, "detail.resources[0].ARN");
        String eventName = detail.path("eventName").asText();
        ObjectNode request = F.objectNode()
                .put("kind", switch (eventName) {
                    case "DisableKey" -> "DISABLED";
                    case "ScheduleKeyDeletion" -> "DELETION_SCHEDULED";
                    default -> "POLICY_CHANGED";
                })
                .put("keyArn", keyArn)
                .put("changedBy", detail.path("userIdentity").path("arn").asText(null))
                .put("changedAt", detail.path("eventTime").asText(event.path("time").asText()));
        if (eventName.equals("ScheduleKeyDeletion")) {
            String raw = detail.path("responseElements").path("deletionDate").asText(null);
            request.put("deletionDate", raw == null ? null : cloudTrailDate(raw));
            request.put("pendingWindowInDays", detail.path("requestParameters").path("pendingWindowInDays").asInt(30));
        }
        String arnId = Arn.parse(keyArn).orElseThrow().resourceId();
        return new Routed(Workflow.ROTATE_KEY, ExecutionNames.of("key", arnId, event.path("id").asText()),
                input(Workflow.ROTATE_KEY, event, request));
    }

    private Routed rotationSucceeded(JsonNode event) {
        JsonNode detail = event.path("detail");
        RequestRules.require("secretsmanager-rotation-succeeded", detail, "detail");
        String secretId = detail.path("additionalEventData").path("SecretId").asText();
        Arn arn = Arn.parse(secretId).orElseThrow();
        if (!arn.account().equals(event.path("account").asText())) {
            throw new InvalidRequestException("detail.additionalEventData.SecretId", "is in account " + arn.account() + ", not the event's account " + event.path("account").asText());
        }
        ObjectNode request = F.objectNode().put("secretId", secretId);
        return new Routed(Workflow.SYNC_SECRET_SCOPES,
                ExecutionNames.of("scope-sync", ExecutionNames.sha256(secretId).substring(0, 16), event.path("id").asText()),
                input(Workflow.SYNC_SECRET_SCOPES, event, request));
    }

    /** A key named by its bare id in a KMS event lives in the event's own account and region. */
    private static String keyArn(JsonNode event, String keyId) {
        if (!keyId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw new InvalidRequestException("detail.requestParameters.keyId", "is neither a key ARN nor a key id (aliases are not followed)");
        }
        return "arn:aws:kms:" + event.path("region").asText() + ":" + event.path("account").asText() + ":key/" + keyId;
    }

    private static void checkKeyArn(JsonNode event, String keyArn, String field) {
        List<Violation> v = new ArrayList<>();
        Arn arn = Arn.parse(keyArn).filter(a -> a.service().equals("kms") && a.resource().startsWith("key/")).orElse(null);
        if (arn == null) {
            v.add(new Violation("event." + field, "is not a KMS key ARN"));
        } else {
            if (!arn.account().equals(event.path("account").asText())) {
                v.add(new Violation("event." + field, "is in account " + arn.account() + ", not the event's account " + event.path("account").asText()));
            }
            if (!arn.region().equals(event.path("region").asText())) {
                v.add(new Violation("event." + field, "is in region " + arn.region() + ", not the event's region " + event.path("region").asText()));
            }
        }
        if (!v.isEmpty()) throw new InvalidRequestException(v);
    }

    /** CloudTrail writes dates such as "Dec 1, 2026, 10:00:00 AM" (UTC). */
    static String cloudTrailDate(String raw) {
        for (String pattern : List.of("MMM d, yyyy, h:mm:ss a", "MMM d, yyyy h:mm:ss a")) {
            try {
                return LocalDateTime.parse(raw, DateTimeFormatter.ofPattern(pattern, Locale.US)).toInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeParseException ignored) {
                // next pattern
            }
        }
        return raw;
    }

    private static ObjectNode input(Workflow workflow, JsonNode event, JsonNode request) {
        ObjectNode trigger = F.objectNode()
                .put("source", event.path("source").asText())
                .put("detailType", event.path("detail-type").asText())
                .put("eventId", event.path("id").asText())
                .put("time", event.path("time").asText())
                .put("account", event.path("account").asText())
                .put("region", event.path("region").asText());
        ObjectNode input = F.objectNode().put("workflow", workflow.id());
        input.set("trigger", trigger);
        input.set("request", request);
        return input;
    }
}
