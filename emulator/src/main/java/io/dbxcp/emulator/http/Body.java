package io.dbxcp.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON request body read by field name, the way the API reference names the fields. Missing or
 * ill-typed required fields answer INVALID_PARAMETER_VALUE, as Databricks does.
 */
public final class Body {
  private final JsonNode node;

  public Body(JsonNode node) {
    this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
  }

  public JsonNode node() {
    return node;
  }

  /** The body as an object, for fields stored as given (cluster specs, tasks). */
  public ObjectNode object() {
    return node.isObject() ? ((ObjectNode) node).deepCopy() : Json.object();
  }

  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  public Body child(String field) {
    return new Body(node.get(field));
  }

  public String string(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw ApiException.invalidParameter("Field " + field + " must be a string");
    }
    return v.asText();
  }

  /** A string that must be present and non-blank. */
  public String required(String field) {
    String v = string(field);
    if (v == null || v.isBlank()) {
      throw ApiException.missing(field);
    }
    return v;
  }

  public Boolean bool(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && ("true".equalsIgnoreCase(v.asText()) || "false".equalsIgnoreCase(v.asText()))) {
      return Boolean.parseBoolean(v.asText());
    }
    throw ApiException.invalidParameter("Field " + field + " must be a boolean");
  }

  public boolean bool(String field, boolean otherwise) {
    Boolean v = bool(field);
    return v == null ? otherwise : v;
  }

  public Long longValue(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.canConvertToLong() && v.isNumber()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.asText());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw ApiException.invalidParameter("Field " + field + " must be an integer");
  }

  public List<String> strings(String field) {
    JsonNode v = node.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw ApiException.invalidParameter("Field " + field + " must be an array");
    }
    v.forEach(e -> out.add(e.asText()));
    return out;
  }

  public List<Long> longs(String field) {
    JsonNode v = node.get(field);
    List<Long> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw ApiException.invalidParameter("Field " + field + " must be an array");
    }
    for (JsonNode e : v) {
      if (!e.canConvertToLong()) {
        throw ApiException.invalidParameter("Field " + field + " must hold integers");
      }
      out.add(e.longValue());
    }
    return out;
  }

  public Map<String, String> stringMap(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw ApiException.invalidParameter("Field " + field + " must be an object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  public List<Body> list(String field) {
    JsonNode v = node.get(field);
    List<Body> out = new ArrayList<>();
    if (v != null && v.isArray()) {
      v.forEach(e -> out.add(new Body(e)));
    }
    return out;
  }
}
