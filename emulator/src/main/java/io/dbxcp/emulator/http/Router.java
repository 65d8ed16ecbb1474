package io.dbxcp.emulator.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps a method and a path such as {@code /api/2.0/accounts/{account_id}/workspaces} to a route. */
public final class Router {

  /** A route: method, path template, endpoint family (for latency and logs), access, handler. */
  public record Route(String method, String template, String family, Access access, Handler handler) {
    String[] segments() {
      return split(template);
    }
  }

  /** A matched route and the path parameters read from the request path. */
  public record Match(Route route, Map<String, String> params) {}

  /** A set of routes that belong together: one API family. */
  public interface Routes {
    void register(Router router);
  }

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String template, String family, Access access, Handler handler) {
    routes.add(new Route(method, template, family, access, handler));
    return this;
  }

  public Router addAll(Routes... families) {
    for (Routes f : families) {
      f.register(this);
    }
    return this;
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  public Optional<Match> match(String method, String path) {
    String[] segs = split(path);
    for (Route r : routes) {
      if (!r.method().equals(method)) {
        continue;
      }
      Map<String, String> params = matchSegments(r.segments(), segs);
      if (params != null) {
        return Optional.of(new Match(r, params));
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> matchSegments(String[] template, String[] path) {
    if (template.length != path.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), path[i]);
      } else if (!t.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }

  /** The path parameter set on a call once it is matched. */
  static void bind(Call call, Match match) {
    call.pathParams(match.params());
  }
}
