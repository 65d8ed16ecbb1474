package io.dbxcp.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request being served: what was asked, and what the server learned about it on the way. */
public final class Call {
  public static final String WORKSPACE_ID_HEADER = "X-Databricks-Workspace-Id";

  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, String> query;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final String baseUrl;
  private final Instant now;
  private Map<String, String> pathParams = Map.of();
  private Long workspaceId;
  private final Map<Class<?>, Object> attributes = new HashMap<>();
  private Body parsedBody;

  public Call(
      String method,
      String path,
      String rawQuery,
      Map<String, List<String>> headers,
      byte[] body,
      String baseUrl,
      Instant now) {
    this.method = method;
    this.path = path;
    this.rawQuery = rawQuery;
    this.query = parseForm(rawQuery);
    Map<String, List<String>> lower = new HashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    this.headers = lower;
    this.body = body;
    this.baseUrl = baseUrl;
    this.now = now;
  }

  public static Map<String, String> parseForm(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(
          URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public String rawQuery() {
    return rawQuery;
  }

  /** http://host:port as the client addressed the emulator. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The emulator clock's time when the request arrived. */
  public Instant now() {
    return now;
  }

  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public String query(String name) {
    return query.get(name);
  }

  public String requiredQuery(String name) {
    String v = query.get(name);
    if (v == null || v.isBlank()) {
      throw ApiException.missing(name);
    }
    return v;
  }

  public Long queryLong(String name) {
    String v = query.get(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalidParameter("Query parameter " + name + " must be an integer: " + v);
    }
  }

  public boolean queryBool(String name) {
    return Boolean.parseBoolean(query.get(name));
  }

  void pathParams(Map<String, String> params) {
    this.pathParams = params;
  }

  public String param(String name) {
    return pathParams.get(name);
  }

  /** A path parameter that must be a long (workspace ids, principal ids). */
  public long longParam(String name) {
    String v = pathParams.get(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.invalidParameter("Invalid " + name + ": " + v);
    }
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The JSON body; an empty body reads as an empty object. */
  public Body body() {
    if (parsedBody == null) {
      String text = bodyText().trim();
      JsonNode node = text.isEmpty() ? null : Json.parse(text);
      if (node != null && !node.isObject()) {
        throw ApiException.of(ErrorCode.MALFORMED_REQUEST, "Request body must be a JSON object");
      }
      parsedBody = new Body(node);
    }
    return parsedBody;
  }

  /** The workspace this request is routed to (set by the guard for workspace APIs). */
  public Long workspaceId() {
    return workspaceId;
  }

  public void workspaceId(Long id) {
    this.workspaceId = id;
  }

  public <T> void set(Class<T> type, T value) {
    attributes.put(type, value);
  }

  public <T> T get(Class<T> type) {
    return type.cast(attributes.get(type));
  }
}
