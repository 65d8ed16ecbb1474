package io.dbxcp.common.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.dbxcp.common.errors.InvalidRequestException;
import io.dbxcp.common.json.Json;
import java.util.Arrays;
import java.util.Collection;

/**
 * A payload read as a record: a field of another type than the record's (an array where a string
 * goes, an object where a number goes) is the request's fault, so it is refused as an
 * {@link InvalidRequestException} naming the field by its path, never thrown as Jackson's own
 * exception (which a state machine would see as a bug).
 */
public final class Conversion {
    /** Jackson as the project reads payloads, but a string must be a JSON string (no {@code true} read as "true"). */
    private static final ObjectMapper EXACT = Json.MAPPER.copy();

    static {
        EXACT.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    private Conversion() {}

    /** {@code payload} as {@code type}; fields are named under {@code root} ("" for none). */
    public static <T> T as(JsonNode payload, Class<T> type, String root) {
        return read(Json.MAPPER, payload, type, root);
    }

    /**
     * As {@link #as}, but a string field given a number or a boolean is refused too: for the input of
     * a workflow's first step, which a person may write (console executions skip the intake).
     */
    public static <T> T exactly(JsonNode payload, Class<T> type, String root) {
        return read(EXACT, payload, type, root);
    }

    private static <T> T read(ObjectMapper mapper, JsonNode payload, Class<T> type, String root) {
        try {
            return mapper.treeToValue(payload, type);
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(field(e, root), reason(e));
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException(root.isEmpty() ? "input" : root, "cannot be read: " + e.getOriginalMessage());
        }
    }

    private static String field(JsonMappingException e, String root) {
        StringBuilder path = new StringBuilder(root);
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "input" : path.toString();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> t = m.getTargetType();
            if (t == String.class) return "is not a string";
            if (t == Boolean.class || t == boolean.class) return "is not a boolean";
            if (Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != boolean.class)) return "is not a number";
            if (Collection.class.isAssignableFrom(t) || t.isArray()) return "is not an array";
            if (t.isEnum()) return "is not one of " + Arrays.toString(t.getEnumConstants());
            return "is not an object";
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int newline = original.indexOf('\n');
        return "cannot be read: " + (newline < 0 ? original : original.substring(0, newline));
    }
}
