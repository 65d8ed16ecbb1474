package io.dbxcp.emulator.account;

import io.dbxcp.emulator.auth.AuthService;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.store.AccessToken;
import io.dbxcp.emulator.store.ComplexValue;
import io.dbxcp.emulator.store.Group;
import io.dbxcp.emulator.store.Hashing;
import io.dbxcp.emulator.store.ServicePrincipal;
import io.dbxcp.emulator.store.SpSecret;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identities: account service principals and groups (SCIM, paged by {@code startIndex}), service
 * principal OAuth secrets, and the assignment of principals to workspaces.
 */
public final class IdentityService {
  public static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  public static final Duration MAX_SECRET_LIFETIME = Duration.ofDays(730);
  private static final Pattern FILTER =
      Pattern.compile("^\\s*(\\w+)\\s+(eq|co|sw)\\s+(?:\"([^\"]*)\"|'([^']*)'|(\\S+))\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern LIFETIME = Pattern.compile("^(\\d+)(\\.\\d+)?s$");
  private static final Pattern PATCH_PATH = Pattern.compile("^(\\w+)(?:\\[value eq \"?([^\"\\]]*)\"?])?$");

  private final Store store;

  public IdentityService(Store store) {
    this.store = store;
  }

  // ---------------------------------------------------------------- service principals

  public ServicePrincipal createServicePrincipal(String accountId, Body b) {
    String appId = b.string("applicationId");
    if (appId == null || appId.isBlank()) {
      appId = store.ids.uuid();
    } else {
      for (ServicePrincipal other : store.servicePrincipals.values()) {
        if (appId.equals(other.applicationId)) {
          throw ApiException.scim(409, "uniqueness", "Service principal with application id " + appId + " already exists.");
        }
      }
    }
    ServicePrincipal sp = new ServicePrincipal();
    sp.id = store.ids.scimId();
    sp.applicationId = appId;
    sp.accountId = accountId;
    applyServicePrincipal(sp, b);
    store.servicePrincipals.put(sp.id, sp);
    return view(sp);
  }

  private static void applyServicePrincipal(ServicePrincipal sp, Body b) {
    sp.displayName = b.string("displayName");
    sp.active = b.bool("active", true);
    sp.externalId = b.string("externalId");
    sp.entitlements = complexValues(b, "entitlements");
    sp.roles = complexValues(b, "roles");
  }

  public ServicePrincipal servicePrincipal(String accountId, String id) {
    ServicePrincipal sp = store.servicePrincipals.get(id);
    if (sp == null || !sp.accountId.equals(accountId)) {
      throw ApiException.scim(404, null, "Service Principal with id " + id + " not found in account " + accountId + ".");
    }
    return sp;
  }

  public ServicePrincipal byApplicationId(String accountId, String applicationId) {
    for (ServicePrincipal sp : store.servicePrincipals.values()) {
      if (sp.accountId.equals(accountId) && sp.applicationId.equals(applicationId)) {
        return sp;
      }
    }
    return null;
  }

  /** The principal with its {@code groups} filled in from the account's groups. */
  public ServicePrincipal view(ServicePrincipal sp) {
    List<ComplexValue> groups = new ArrayList<>();
    for (Group g : Store.ofAccount(store.groups, sp.accountId, x -> x.accountId)) {
      if (g.members.stream().anyMatch(m -> sp.id.equals(m.value()))) {
        groups.add(new ComplexValue(g.id, g.displayName, "direct", null, "Groups/" + g.id));
      }
    }
    sp.groups = groups;
    return sp;
  }

  public Map<String, Object> listServicePrincipals(String accountId, String filter, Long startIndex, Long count) {
    return page(Store.ofAccount(store.servicePrincipals, accountId, s -> s.accountId), filter, startIndex, count);
  }

  /** A SCIM list response of some principals (an account's, or a workspace's members). */
  public Map<String, Object> page(List<ServicePrincipal> all, String filter, Long startIndex, Long count) {
    return page(all, filter, startIndex, count, this::view, IdentityService::spAttribute);
  }

  private static String spAttribute(ServicePrincipal sp, String attr) {
    return switch (attr.toLowerCase(Locale.ROOT)) {
      case "displayname" -> sp.displayName;
      case "applicationid" -> sp.applicationId;
      case "id" -> sp.id;
      case "externalid" -> sp.externalId;
      case "active" -> String.valueOf(sp.active);
      default -> throw ApiException.scim(400, "invalidFilter", "Unsupported filter attribute: " + attr);
    };
  }

  public ServicePrincipal replaceServicePrincipal(String accountId, String id, Body b) {
    ServicePrincipal sp = servicePrincipal(accountId, id);
    applyServicePrincipal(sp, b);
    return view(sp);
  }

  public void patchServicePrincipal(String accountId, String id, Body b) {
    ServicePrincipal sp = servicePrincipal(accountId, id);
    for (Body op : operations(b)) {
      String verb = op.required("op").toLowerCase(Locale.ROOT);
      String path = op.string("path");
      if (path == null) {
        // a value object: replace its attributes
        Body v = op.child("value");
        if (v.has("displayName")) {
          sp.displayName = v.string("displayName");
        }
        if (v.has("active")) {
          sp.active = v.bool("active", true);
        }
        continue;
      }
      Matcher m = PATCH_PATH.matcher(path.trim());
      if (!m.matches()) {
        throw ApiException.scim(400, "invalidPath", "Unsupported path: " + path);
      }
      String attr = m.group(1);
      switch (attr) {
        case "roles" -> sp.roles = patchValues(sp.roles, verb, m.group(2), op);
        case "entitlements" -> sp.entitlements = patchValues(sp.entitlements, verb, m.group(2), op);
        case "displayName" -> sp.displayName = op.string("value");
        case "active" -> sp.active = op.bool("value", true);
        case "externalId" -> sp.externalId = op.string("value");
        default -> throw ApiException.scim(400, "invalidPath", "Unsupported path: " + path);
      }
    }
    if (!sp.active) {
      store.tokens.values().removeIf(t -> t.principalId().equals(sp.id));
    }
  }

  public void deleteServicePrincipal(String accountId, String id) {
    ServicePrincipal sp = servicePrincipal(accountId, id);
    store.servicePrincipals.remove(id);
    store.tokens.values().removeIf(t -> t.principalId().equals(id));
    for (Group g : store.groups.values()) {
      g.members.removeIf(m -> id.equals(m.value()));
    }
    for (Workspace w : store.workspacesOf(sp.accountId)) {
      w.data.members.remove(id);
      w.data.tokens.values().removeIf(t -> String.valueOf(t.ownerId).equals(id));
    }
  }

  // ---------------------------------------------------------------- groups

  public Group createGroup(String accountId, Body b) {
    String name = b.string("displayName");
    if (name == null || name.isBlank()) {
      throw ApiException.scim(400, "invalidValue", "displayName is required.");
    }
    uniqueGroupName(accountId, name, null);
    Group g = new Group();
    g.id = store.ids.scimId();
    g.accountId = accountId;
    g.displayName = name;
    g.externalId = b.string("externalId");
    g.members = members(accountId, complexValues(b, "members"));
    g.entitlements = complexValues(b, "entitlements");
    g.roles = complexValues(b, "roles");
    store.groups.put(g.id, g);
    return g;
  }

  private void uniqueGroupName(String accountId, String name, String exceptId) {
    for (Group g : Store.ofAccount(store.groups, accountId, x -> x.accountId)) {
      if (g.displayName.equalsIgnoreCase(name) && !g.id.equals(exceptId)) {
        throw ApiException.scim(409, "uniqueness", "Group with name " + name + " already exists.");
      }
    }
  }

  public Group group(String accountId, String id) {
    Group g = store.groups.get(id);
    if (g == null || !g.accountId.equals(accountId)) {
      throw ApiException.scim(404, null, "Group with id " + id + " not found in account " + accountId + ".");
    }
    return g;
  }

  public Map<String, Object> listGroups(String accountId, String filter, Long startIndex, Long count) {
    List<Group> all = Store.ofAccount(store.groups, accountId, g -> g.accountId);
    return page(
        all,
        filter,
        startIndex,
        count,
        g -> g,
        (g, attr) ->
            switch (attr.toLowerCase(Locale.ROOT)) {
              case "displayname" -> g.displayName;
              case "id" -> g.id;
              case "externalid" -> g.externalId;
              default -> throw ApiException.scim(400, "invalidFilter", "Unsupported filter attribute: " + attr);
            });
  }

  public Group replaceGroup(String accountId, String id, Body b) {
    Group g = group(accountId, id);
    String name = b.string("displayName");
    if (name != null) {
      uniqueGroupName(accountId, name, id);
      g.displayName = name;
    }
    g.members = members(accountId, complexValues(b, "members"));
    g.entitlements = complexValues(b, "entitlements");
    g.roles = complexValues(b, "roles");
    return g;
  }

  public void patchGroup(String accountId, String id, Body b) {
    Group g = group(accountId, id);
    for (Body op : operations(b)) {
      String verb = op.required("op").toLowerCase(Locale.ROOT);
      String path = op.string("path");
      Matcher m = PATCH_PATH.matcher(path == null ? "" : path.trim());
      if (!m.matches()) {
        throw ApiException.scim(400, "invalidPath", "Unsupported path: " + path);
      }
      switch (m.group(1)) {
        case "members" -> {
          List<ComplexValue> next = patchValues(g.members, verb, m.group(2), op);
          g.members = members(accountId, next);
        }
        case "entitlements" -> g.entitlements = patchValues(g.entitlements, verb, m.group(2), op);
        case "roles" -> g.roles = patchValues(g.roles, verb, m.group(2), op);
        case "displayName" -> {
          String name = op.string("value");
          uniqueGroupName(accountId, name, id);
          g.displayName = name;
        }
        default -> throw ApiException.scim(400, "invalidPath", "Unsupported path: " + path);
      }
    }
  }

  public void deleteGroup(String accountId, String id) {
    group(accountId, id);
    store.groups.remove(id);
  }

  /** Members must be principals or groups of the account; each gets its display name. */
  private List<ComplexValue> members(String accountId, List<ComplexValue> given) {
    List<ComplexValue> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (ComplexValue v : given) {
      if (v.value() == null || !seen.add(v.value())) {
        continue;
      }
      ServicePrincipal sp = store.servicePrincipals.get(v.value());
      Group g = store.groups.get(v.value());
      if (sp != null && sp.accountId.equals(accountId)) {
        out.add(new ComplexValue(sp.id, sp.displayName, null, null, "ServicePrincipals/" + sp.id));
      } else if (g != null && g.accountId.equals(accountId)) {
        out.add(new ComplexValue(g.id, g.displayName, null, null, "Groups/" + g.id));
      } else {
        throw ApiException.scim(400, "invalidValue", "Member " + v.value() + " does not exist in account " + accountId + ".");
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- secrets

  /** A new OAuth secret; the value appears in this response only. */
  public Map<String, Object> createSecret(String accountId, String spId, Body b, Instant now) {
    ServicePrincipal sp = secretOwner(accountId, spId);
    Duration lifetime = MAX_SECRET_LIFETIME;
    String given = b.string("lifetime");
    if (given != null) {
      Matcher m = LIFETIME.matcher(given.trim());
      if (!m.matches()) {
        throw ApiException.invalidParameter("Invalid lifetime '" + given + "': expected seconds such as \"86400s\".");
      }
      lifetime = Duration.ofSeconds(Long.parseLong(m.group(1)));
      if (lifetime.isZero() || lifetime.compareTo(MAX_SECRET_LIFETIME) > 0) {
        throw ApiException.invalidParameter(
            "Invalid lifetime '" + given + "': a secret lives at most " + MAX_SECRET_LIFETIME.toDays() + " days ("
                + MAX_SECRET_LIFETIME.toSeconds() + "s).");
      }
    }
    String value = store.ids.secretValue("dose");
    SpSecret s = addSecret(sp, value, lifetime, now);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.id);
    out.put("secret", value);
    out.put("secret_hash", s.secretHash);
    out.put("status", s.status);
    out.put("create_time", s.createTime);
    out.put("update_time", s.updateTime);
    out.put("expire_time", s.expireTime);
    return out;
  }

  /** Registers a secret value for a principal (also used to give the emulator's own principals known secrets). */
  public SpSecret addSecret(ServicePrincipal sp, String value, Duration lifetime, Instant now) {
    SpSecret s = new SpSecret();
    s.id = store.ids.scimId();
    s.sha256 = Hashing.sha256(value);
    s.secretHash = s.sha256.substring(0, 32);
    Instant created = now.truncatedTo(ChronoUnit.SECONDS);
    s.createTime = created.toString();
    s.updateTime = s.createTime;
    s.expiresAt = created.plus(lifetime);
    s.expireTime = s.expiresAt.toString();
    sp.secrets.add(s);
    return s;
  }

  public List<SpSecret> listSecrets(String accountId, String spId, Instant now) {
    ServicePrincipal sp = secretOwner(accountId, spId);
    for (SpSecret s : sp.secrets) {
      if (s.expiresAt != null && !now.isBefore(s.expiresAt)) {
        s.status = "EXPIRED";
      }
    }
    return List.copyOf(sp.secrets);
  }

  public void deleteSecret(String accountId, String spId, String secretId) {
    ServicePrincipal sp = secretOwner(accountId, spId);
    if (!sp.secrets.removeIf(s -> s.id.equals(secretId))) {
      throw ApiException.doesNotExist("Secret " + secretId + " of service principal " + spId + " does not exist.");
    }
  }

  private ServicePrincipal secretOwner(String accountId, String spId) {
    ServicePrincipal sp = store.servicePrincipals.get(spId);
    if (sp == null || !sp.accountId.equals(accountId)) {
      throw ApiException.doesNotExist("Service principal " + spId + " does not exist in account " + accountId + ".");
    }
    return sp;
  }

  // ---------------------------------------------------------------- workspace assignment

  public Map<String, Object> assign(Workspace w, long principalId, Body b) {
    ServicePrincipal sp = store.servicePrincipals.get(String.valueOf(principalId));
    if (sp == null || !sp.accountId.equals(w.accountId)) {
      throw ApiException.doesNotExist("Principal " + principalId + " does not exist in account " + w.accountId + ".");
    }
    List<String> permissions = b.strings("permissions");
    if (permissions.isEmpty()) {
      throw ApiException.missing("permissions");
    }
    Set<String> set = new LinkedHashSet<>();
    for (String p : permissions) {
      if (!AuthService.ADMIN.equals(p) && !AuthService.USER.equals(p)) {
        throw ApiException.invalidParameter("Invalid permission " + p + ": expected USER or ADMIN");
      }
      set.add(p);
    }
    set.add(AuthService.USER);
    w.data.members.put(sp.id, set);
    return assignment(sp, set);
  }

  public void unassign(Workspace w, long principalId) {
    if (w.data.members.remove(String.valueOf(principalId)) == null) {
      throw ApiException.doesNotExist("Principal " + principalId + " is not assigned to workspace " + w.workspaceId + ".");
    }
  }

  public List<Map<String, Object>> assignments(Workspace w) {
    List<Map<String, Object>> out = new ArrayList<>();
    w.data.members.forEach(
        (id, perms) -> {
          ServicePrincipal sp = store.servicePrincipals.get(id);
          if (sp != null) {
            out.add(assignment(sp, perms));
          }
        });
    return out;
  }

  private static Map<String, Object> assignment(ServicePrincipal sp, Set<String> permissions) {
    Map<String, Object> principal = new LinkedHashMap<>();
    principal.put("principal_id", Long.parseLong(sp.id));
    principal.put("display_name", sp.displayName);
    principal.put("service_principal_name", sp.applicationId);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("principal", principal);
    out.put("permissions", permissions.contains(AuthService.ADMIN) ? List.of(AuthService.ADMIN) : List.of(AuthService.USER));
    return out;
  }

  /** Removes every token of the principal on one workspace (it left the workspace). */
  public void forgetWorkspaceTokens(Workspace w, String principalId) {
    store.tokens.values().removeIf(t -> t.kind() == AccessToken.Kind.PAT && principalId.equals(t.principalId()) && t.workspaceId() == w.workspaceId);
    w.data.tokens.values().removeIf(t -> String.valueOf(t.ownerId).equals(principalId));
  }

  // ---------------------------------------------------------------- SCIM helpers

  private static List<Body> operations(Body b) {
    List<Body> ops = b.list("Operations");
    if (ops.isEmpty()) {
      ops = b.list("operations");
    }
    if (ops.isEmpty()) {
      throw ApiException.scim(400, "invalidSyntax", "PATCH needs at least one entry in Operations.");
    }
    return ops;
  }

  private static List<ComplexValue> complexValues(Body b, String field) {
    List<ComplexValue> out = new ArrayList<>();
    for (Body e : b.list(field)) {
      out.add(new ComplexValue(e.string("value"), e.string("display"), e.string("type"), e.bool("primary"), e.string("$ref")));
    }
    return out;
  }

  private static List<ComplexValue> patchValues(List<ComplexValue> current, String verb, String filterValue, Body op) {
    List<ComplexValue> out = new ArrayList<>(current);
    List<ComplexValue> given = new ArrayList<>();
    if (op.node().path("value").isArray()) {
      given = complexValues(op, "value");
    } else if (op.node().path("value").isObject()) {
      Body v = op.child("value");
      given.add(new ComplexValue(v.string("value"), v.string("display"), v.string("type"), v.bool("primary"), null));
    }
    switch (verb) {
      case "add" -> {
        for (ComplexValue v : given) {
          if (out.stream().noneMatch(x -> x.value() != null && x.value().equals(v.value()))) {
            out.add(v);
          }
        }
      }
      case "remove" -> {
        if (filterValue != null) {
          out.removeIf(x -> filterValue.equals(x.value()));
        } else if (given.isEmpty()) {
          out.clear();
        } else {
          for (ComplexValue v : given) {
            out.removeIf(x -> x.value() != null && x.value().equals(v.value()));
          }
        }
      }
      case "replace" -> {
        out.clear();
        out.addAll(given);
      }
      default -> throw ApiException.scim(400, "invalidSyntax", "Unsupported op: " + verb);
    }
    return out;
  }

  private static <T> Map<String, Object> page(
      List<T> all,
      String filter,
      Long startIndex,
      Long count,
      Function<T, T> view,
      java.util.function.BiFunction<T, String, String> attribute) {
    List<T> matching = all;
    if (filter != null && !filter.isBlank()) {
      Matcher m = FILTER.matcher(filter);
      if (!m.matches()) {
        throw ApiException.scim(400, "invalidFilter", "Unsupported filter: " + filter);
      }
      String attr = m.group(1);
      String op = m.group(2).toLowerCase(Locale.ROOT);
      String value = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
      matching = new ArrayList<>();
      for (T t : all) {
        String actual = attribute.apply(t, attr);
        boolean ok =
            actual != null
                && switch (op) {
                  case "eq" -> actual.equalsIgnoreCase(value);
                  case "co" -> actual.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
                  default -> actual.toLowerCase(Locale.ROOT).startsWith(value.toLowerCase(Locale.ROOT));
                };
        if (ok) {
          matching.add(t);
        }
      }
    }
    long start = startIndex == null || startIndex < 1 ? 1 : startIndex;
    long size = count == null ? 10_000 : Math.max(0, count);
    List<T> resources = new ArrayList<>();
    for (long i = start - 1; i < matching.size() && resources.size() < size; i++) {
      resources.add(view.apply(matching.get((int) i)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schemas", List.of(LIST_SCHEMA));
    out.put("totalResults", matching.size());
    out.put("startIndex", start);
    out.put("itemsPerPage", resources.size());
    if (!resources.isEmpty()) {
      out.put("Resources", resources);
    }
    return out;
  }

  /** Caps the page size a client asks for at the emulator's SCIM maximum. */
  public Long cappedCount(Long asked) {
    long max = store.knobs.scimMaxPageSize;
    return asked == null ? max : Math.min(asked, max);
  }
}
