package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.store.SecretScope;
import io.dbxcp.emulator.store.Workspace;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Databricks-backed secret scopes. Scope names are unique in a workspace; the creator (or "users"
 * with {@code initial_manage_principal}) gets MANAGE; reading needs READ, writing WRITE, ACLs and
 * deleting the scope MANAGE. Workspace admins hold MANAGE on every scope.
 */
public final class SecretsService {
  static final Pattern SCOPE_NAME = Pattern.compile("^[\\w\\-.@]{1,128}$");
  static final Pattern KEY_NAME = Pattern.compile("^[\\w\\-.]{1,128}$");
  static final int MAX_VALUE_BYTES = 128 * 1024;
  static final List<String> LEVELS = List.of("READ", "WRITE", "MANAGE");
  static final String ALL_USERS = "users";

  public void createScope(Caller caller, Body b) {
    Workspace w = caller.workspace();
    String name = b.required("scope");
    if (!SCOPE_NAME.matcher(name).matches()) {
      throw ApiException.invalidParameter(
          "Scope name can only consist of alphanumeric characters, dashes, underscores, periods and @, and may not exceed 128 characters.");
    }
    String backend = b.string("scope_backend_type");
    if (backend != null && !"DATABRICKS".equals(backend)) {
      throw ApiException.invalidParameter("Scope backend type " + backend + " is not supported on AWS.");
    }
    if (w.data.secretScopes.containsKey(name)) {
      throw ApiException.alreadyExists("Scope " + name + " already exists!");
    }
    String initial = b.string("initial_manage_principal");
    if (initial != null && !ALL_USERS.equals(initial)) {
      throw ApiException.invalidParameter("initial_manage_principal must be 'users' or left out.");
    }
    SecretScope s = new SecretScope();
    s.name = name;
    s.acls.put(initial != null ? ALL_USERS : caller.userName(), "MANAGE");
    w.data.secretScopes.put(name, s);
  }

  public Map<String, Object> listScopes(Caller caller) {
    List<Map<String, Object>> scopes = new ArrayList<>();
    for (SecretScope s : caller.workspace().data.secretScopes.values()) {
      if (level(caller, s) >= 0) {
        scopes.add(Map.of("name", s.name, "backend_type", s.backendType));
      }
    }
    return Map.of("scopes", scopes);
  }

  public void deleteScope(Caller caller, Body b) {
    SecretScope s = scope(caller, b.required("scope"), "MANAGE");
    caller.workspace().data.secretScopes.remove(s.name);
  }

  public void putSecret(Caller caller, Body b, Instant now) {
    SecretScope s = scope(caller, b.required("scope"), "WRITE");
    String key = b.required("key");
    if (!KEY_NAME.matcher(key).matches()) {
      throw ApiException.invalidParameter(
          "Secret key can only consist of alphanumeric characters, dashes, underscores and periods, and may not exceed 128 characters.");
    }
    String text = b.string("string_value");
    String bytes = b.string("bytes_value");
    if ((text == null) == (bytes == null)) {
      throw ApiException.invalidParameter("Exactly one of string_value and bytes_value must be given.");
    }
    String base64;
    if (text != null) {
      base64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    } else {
      try {
        Base64.getDecoder().decode(bytes);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidParameter("bytes_value must be base64.");
      }
      base64 = bytes;
    }
    if (Base64.getDecoder().decode(base64).length > MAX_VALUE_BYTES) {
      throw ApiException.invalidParameter("A secret value may not exceed 128 KB.");
    }
    SecretScope.Secret secret = new SecretScope.Secret();
    secret.key = key;
    secret.valueBase64 = base64;
    secret.lastUpdatedTimestamp = now.toEpochMilli();
    s.secrets.put(key, secret);
  }

  public void deleteSecret(Caller caller, Body b) {
    SecretScope s = scope(caller, b.required("scope"), "WRITE");
    String key = b.required("key");
    if (s.secrets.remove(key) == null) {
      throw ApiException.doesNotExist("Secret " + key + " does not exist in scope " + s.name + "!");
    }
  }

  public Map<String, Object> listSecrets(Caller caller, String scope) {
    SecretScope s = scope(caller, scope, "READ");
    List<Map<String, Object>> out = new ArrayList<>();
    s.secrets.values().forEach(x -> out.add(Map.of("key", x.key, "last_updated_timestamp", x.lastUpdatedTimestamp)));
    return Map.of("secrets", out);
  }

  /** The value, base64, as the API returns it. */
  public Map<String, Object> getSecret(Caller caller, String scope, String key) {
    SecretScope s = scope(caller, scope, "READ");
    SecretScope.Secret secret = s.secrets.get(key);
    if (secret == null) {
      throw ApiException.doesNotExist("Failed to get secret " + key + " for scope " + scope + ".");
    }
    return Map.of("key", key, "value", secret.valueBase64);
  }

  public void putAcl(Caller caller, Body b) {
    SecretScope s = scope(caller, b.required("scope"), "MANAGE");
    String principal = b.required("principal");
    String permission = b.required("permission");
    if (!LEVELS.contains(permission)) {
      throw ApiException.invalidParameter("Invalid permission " + permission + ": expected READ, WRITE or MANAGE");
    }
    s.acls.put(principal, permission);
  }

  public void deleteAcl(Caller caller, Body b) {
    SecretScope s = scope(caller, b.required("scope"), "MANAGE");
    String principal = b.required("principal");
    if (s.acls.remove(principal) == null) {
      throw ApiException.doesNotExist("No ACL for principal " + principal + " on scope " + s.name + ".");
    }
  }

  public Map<String, Object> getAcl(Caller caller, String scope, String principal) {
    SecretScope s = scope(caller, scope, "MANAGE");
    String level = s.acls.get(principal);
    if (level == null) {
      throw ApiException.doesNotExist("No ACL for principal " + principal + " on scope " + scope + ".");
    }
    return Map.of("principal", principal, "permission", level);
  }

  public Map<String, Object> listAcls(Caller caller, String scope) {
    SecretScope s = scope(caller, scope, "MANAGE");
    List<Map<String, Object>> items = new ArrayList<>();
    s.acls.forEach((p, l) -> items.add(new LinkedHashMap<>(Map.of("principal", p, "permission", l))));
    return Map.of("items", items);
  }

  private SecretScope scope(Caller caller, String name, String needed) {
    if (name == null || name.isBlank()) {
      throw ApiException.missing("scope");
    }
    SecretScope s = caller.workspace().data.secretScopes.get(name);
    if (s == null) {
      throw ApiException.doesNotExist("Scope " + name + " does not exist!");
    }
    if (level(caller, s) < LEVELS.indexOf(needed)) {
      throw ApiException.permissionDenied(
          "User " + caller.userName() + " does not have " + needed + " permission on scope " + name + ".");
    }
    return s;
  }

  /** The caller's permission on the scope as an index of {@link #LEVELS}, -1 for none. */
  private static int level(Caller caller, SecretScope s) {
    if (caller.workspaceAdmin()) {
      return LEVELS.indexOf("MANAGE");
    }
    int own = LEVELS.indexOf(s.acls.getOrDefault(caller.userName(), ""));
    int all = LEVELS.indexOf(s.acls.getOrDefault(ALL_USERS, ""));
    return Math.max(own, all);
  }
}
