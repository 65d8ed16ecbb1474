package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.AuthService;
import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.http.Json;
import io.dbxcp.emulator.store.GlobalInitScript;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Global init scripts (admins only). The script is base64 of at most 64 KB; positions run from 0
 * and are kept contiguous: a script put at a taken position pushes the others down.
 */
public final class GlobalInitScriptsService {
  static final int MAX_SCRIPT_BYTES = 64 * 1024;
  private final Store store;

  public GlobalInitScriptsService(Store store) {
    this.store = store;
  }

  public Map<String, Object> create(Caller caller, Body b, Instant now) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    GlobalInitScript s = new GlobalInitScript();
    s.scriptId = store.ids.hex(16).toUpperCase(Locale.ROOT);
    s.name = b.required("name");
    s.scriptBase64 = script(b);
    s.enabled = b.bool("enabled", false);
    s.createdAt = now.toEpochMilli();
    s.createdBy = caller.userName();
    s.updatedAt = s.createdAt;
    s.updatedBy = s.createdBy;
    s.position = Long.MAX_VALUE;
    w.data.initScripts.put(s.scriptId, s);
    place(w, s, b.longValue("position"));
    return Map.of("script_id", s.scriptId);
  }

  public void update(Caller caller, String id, Body b, Instant now) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    GlobalInitScript s = script(w, id);
    s.name = b.required("name");
    s.scriptBase64 = script(b);
    if (b.has("enabled")) {
      s.enabled = b.bool("enabled", false);
    }
    s.updatedAt = now.toEpochMilli();
    s.updatedBy = caller.userName();
    if (b.has("position")) {
      place(w, s, b.longValue("position"));
    }
  }

  public ObjectNode get(Caller caller, String id) {
    GlobalInitScript s = script(caller.workspace(), id);
    ObjectNode node = (ObjectNode) Json.tree(s);
    node.put("script", s.scriptBase64);
    return node;
  }

  public Map<String, Object> list(Caller caller) {
    return Map.of("scripts", ordered(caller.workspace()));
  }

  public void delete(Caller caller, String id) {
    AuthService.requireWorkspaceAdmin(caller);
    Workspace w = caller.workspace();
    w.data.initScripts.remove(script(w, id).scriptId);
    renumber(ordered(w));
  }

  private static String script(Body b) {
    String base64 = b.required("script");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParameter("script must be base64-encoded.");
    }
    if (decoded.length > MAX_SCRIPT_BYTES) {
      throw ApiException.invalidParameter("A global init script may not exceed 64 KB.");
    }
    return base64;
  }

  private static GlobalInitScript script(Workspace w, String id) {
    GlobalInitScript s = w.data.initScripts.get(id);
    if (s == null) {
      throw ApiException.doesNotExist("Global init script " + id + " does not exist.");
    }
    return s;
  }

  private static void place(Workspace w, GlobalInitScript s, Long position) {
    List<GlobalInitScript> order = new ArrayList<>(ordered(w));
    order.remove(s);
    int at = position == null || position < 0 || position > order.size() ? order.size() : position.intValue();
    order.add(at, s);
    renumber(order);
  }

  private static List<GlobalInitScript> ordered(Workspace w) {
    return w.data.initScripts.values().stream().sorted(Comparator.comparingLong(x -> x.position)).toList();
  }

  private static void renumber(List<GlobalInitScript> order) {
    for (int i = 0; i < order.size(); i++) {
      order.get(i).position = i;
    }
  }
}
