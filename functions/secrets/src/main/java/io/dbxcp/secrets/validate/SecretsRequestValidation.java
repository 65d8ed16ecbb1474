package io.dbxcp.secrets.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.validation.Arn;
import io.dbxcp.common.validation.SchemaValidator;
import io.dbxcp.common.validation.Violation;
import io.dbxcp.secrets.model.SecretIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * State ValidateRequest of rotate-secrets and sync-secret-scopes: validates the execution input's
 * {@code request} again (console executions skip the intake and the EventBridge rules) and returns
 * the input, with {@code trigger} set to {@code {"source": "console"}} when the input has none.
 *
 * <ul>
 *   <li>rotate-secrets: the schema the intake uses ({@code secret-rotation-request}: known fields only,
 *       1 to 20 ids, each a secret name or ARN), then: each id under {@code dbxcp/}, no secret named twice
 *       (also by name and by ARN), an ARN in this deployment's account and region.</li>
 *   <li>sync-secret-scopes: {@code {"secretId"}} and nothing else, the id written as the intake's schemas
 *       write one, under {@code dbxcp/}, an ARN in this deployment's account and region.</li>
 * </ul>
 * Every violation is named at once ({@link InvalidRequestException}, field paths under the input).
 */
public final class SecretsRequestValidation {
    public static final String ROTATE_SECRETS = "rotate-secrets";
    public static final String SYNC_SECRET_SCOPES = "sync-secret-scopes";
    private static final String SCHEMA = "secret-rotation-request";
    private static final Pattern WRITTEN = Pattern.compile(SchemaValidator.schema(SCHEMA)
            .getSchemaNode().at("/properties/secretIds/items/pattern").asText());
    /** An ARN of a secret ends in '-' and six characters Secrets Manager adds to the name. */
    private static final Pattern ARN_SUFFIX = Pattern.compile("-[A-Za-z0-9]{6}$");

    private final String account;
    private final String region;

    /**
     * @param account this deployment's AWS account ({@code CONTROL_PLANE_ACCOUNT_ID})
     * @param region  this deployment's region ({@code AWS_REGION})
     */
    public SecretsRequestValidation(String account, String region) {
        this.account = account;
        this.region = region;
    }

    /** The input, validated for {@code workflow}; an {@link InvalidRequestException} naming each bad field. */
    public ObjectNode validate(String workflow, JsonNode input) {
        if (input == null || !input.isObject()) throw new InvalidRequestException("input", "is not a JSON object");
        JsonNode request = input.path("request");
        if (request.isMissingNode() || request.isNull()) {
            throw new InvalidRequestException("request", "is required: give {\"request\": " + shape(workflow) + "}");
        }
        if (!request.isObject()) {
            throw new InvalidRequestException("request", "is a " + request.getNodeType().toString().toLowerCase() + ", not an object " + shape(workflow));
        }
        List<Violation> v = switch (workflow) {
            case ROTATE_SECRETS -> rotation(request);
            case SYNC_SECRET_SCOPES -> sync(request);
            default -> throw new IllegalArgumentException("no secrets workflow " + workflow);
        };
        if (!v.isEmpty()) throw new InvalidRequestException(v);
        ObjectNode out = input.deepCopy();
        if (!out.path("trigger").isObject()) out.set("trigger", JsonNodeFactory.instance.objectNode().put("source", "console"));
        return out;
    }

    private List<Violation> rotation(JsonNode request) {
        List<Violation> v = new ArrayList<>(SchemaValidator.validate(SCHEMA, request, "request"));
        if (!v.isEmpty()) return v; // the rules below assume the shape is right
        Map<String, Integer> seen = new HashMap<>();
        JsonNode ids = request.path("secretIds");
        for (int i = 0; i < ids.size(); i++) {
            String field = "request.secretIds[" + i + "]";
            String id = ids.get(i).asText();
            if (ours(field, id, v)) {
                Integer first = seen.putIfAbsent(secretName(id), i);
                if (first != null) v.add(new Violation(field, "names the same secret as request.secretIds[" + first + "]: name each secret once"));
            }
        }
        return v;
    }

    private List<Violation> sync(JsonNode request) {
        List<Violation> v = new ArrayList<>();
        request.fieldNames().forEachRemaining(name -> {
            if (!name.equals("secretId")) v.add(new Violation("request." + name, "is not a known field (a scope sync takes only secretId)"));
        });
        JsonNode id = request.path("secretId");
        if (id.isMissingNode()) {
            v.add(new Violation("request.secretId", "is required"));
        } else if (!id.isTextual()) {
            v.add(new Violation("request.secretId", "is a " + id.getNodeType().toString().toLowerCase() + ", not a string"));
        } else if (!WRITTEN.matcher(id.asText()).find()) {
            v.add(new Violation("request.secretId", "is not a secret name or ARN (at most 512 of A-Z a-z 0-9 / _ + = . @ -)"));
        } else {
            ours("request.secretId", id.asText(), v);
        }
        return v;
    }

    /** Is the id a secret under dbxcp/ of this account and region? Adds the violations if not. */
    private boolean ours(String field, String id, List<Violation> v) {
        try {
            SecretIds.require(field, id);
        } catch (InvalidRequestException e) {
            v.addAll(e.violations());
            return false;
        }
        int before = v.size();
        Arn.parse(id).ifPresent(arn -> {
            if (!arn.account().equals(account)) {
                v.add(new Violation(field, "is in account " + arn.account() + ", not in this deployment's account " + account));
            }
            if (!arn.region().equals(region)) {
                v.add(new Violation(field, "is in region " + arn.region() + ", not in this deployment's region " + region));
            }
        });
        return v.size() == before;
    }

    /** The secret's name: an id given by name, or an ARN's resource without "secret:" and the six-character suffix. */
    static String secretName(String id) {
        return Arn.parse(id).map(a -> ARN_SUFFIX.matcher(a.resource().substring("secret:".length())).replaceFirst("")).orElse(id);
    }

    private static String shape(String workflow) {
        return workflow.equals(ROTATE_SECRETS) ? "{\"requestId\", \"secretIds\": [...]}" : "{\"secretId\"}";
    }
}
