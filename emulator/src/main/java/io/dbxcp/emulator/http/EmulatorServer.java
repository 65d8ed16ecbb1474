package io.dbxcp.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The HTTP side of the emulator on the JDK's server: rate limit, injected faults, modeled latency,
 * routing, error bodies and the request log. What a route does is decided by the {@link Dispatch}
 * (authentication, the store lock, the handler).
 */
public final class EmulatorServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EmulatorServer.class.getName());
  private static final String CONTROL_PREFIX = "/_emulator/";

  /** Runs a matched route; the server has done everything that is not about the API itself. */
  @FunctionalInterface
  public interface Dispatch {
    Object run(Call call, Router.Route route);
  }

  private final Router router;
  private final Dispatch dispatch;
  private final Clock clock;
  private final RequestLog requestLog;
  private final Faults faults;
  private final RateLimiter rateLimiter;
  private final Function<String, Duration> modeledLatency;
  private HttpServer server;
  private ExecutorService executor;

  public EmulatorServer(
      Router router,
      Dispatch dispatch,
      Clock clock,
      RequestLog requestLog,
      Faults faults,
      RateLimiter rateLimiter,
      Function<String, Duration> modeledLatency) {
    this.router = router;
    this.dispatch = dispatch;
    this.clock = clock;
    this.requestLog = requestLog;
    this.faults = faults;
    this.rateLimiter = rateLimiter;
    this.modeledLatency = modeledLatency;
  }

  public synchronized void start(String bindAddress, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
    executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  public synchronized int port() {
    return server.getAddress().getPort();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  private void serve(HttpExchange ex) {
    long started = System.nanoTime();
    Instant now = clock.instant();
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String rawQuery = ex.getRequestURI().getRawQuery();
    Call call = null;
    String family = null;
    String fault = null;
    Faults.Rule lostAnswer = null;
    Answer answer;
    try {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      String host = ex.getRequestHeaders().getFirst("Host");
      String baseUrl = "http://" + (host != null ? host : "localhost:" + port());
      call = new Call(method, path, rawQuery, ex.getRequestHeaders(), body, baseUrl, now);
      String headerWs = call.header(Call.WORKSPACE_ID_HEADER);
      if (headerWs != null) {
        try {
          call.workspaceId(Long.parseLong(headerWs.trim()));
        } catch (NumberFormatException e) {
          // the guard answers for it
        }
      }
      Optional<Router.Match> match = router.match(method, path);
      family = match.map(m -> m.route().family()).orElse(null);
      boolean control = path.startsWith(CONTROL_PREFIX) || path.equals("/_emulator");
      if (!control) {
        OptionalLong wait = "oidc.discovery".equals(family) ? OptionalLong.empty() : rateLimiter.acquire();
        if (wait.isPresent()) {
          throw ApiException.raw(
              429,
              ErrorCode.REQUEST_LIMIT_EXCEEDED.name(),
              "Too many requests. Please wait a moment and try again. If the issue persists, consider adjusting your request frequency or reaching out to support for assistance.",
              Map.of("Retry-After", String.valueOf(wait.getAsLong())));
        }
        Optional<Faults.Active> injected = faults.take(method, path);
        if (injected.isPresent()) {
          Faults.Rule rule = injected.get().rule();
          fault = injected.get().id();
          sleep(rule.latencyMillis());
          if (rule.status() > 0 && rule.afterServing()) {
            lostAnswer = rule;
          } else if (rule.status() > 0) {
            Map<String, String> headers =
                rule.retryAfterSeconds() == null ? Map.of() : Map.of("Retry-After", String.valueOf(rule.retryAfterSeconds()));
            throw ApiException.raw(
                rule.status(),
                rule.errorCode() == null ? "INTERNAL_ERROR" : rule.errorCode(),
                rule.message() == null ? "Injected fault" : rule.message(),
                headers);
          }
        }
      }
      if (match.isEmpty()) {
        throw ApiException.of(ErrorCode.ENDPOINT_NOT_FOUND, "No API found for '" + method + " " + path + "'");
      }
      if (family != null && !control) {
        Duration d = modeledLatency.apply(family);
        if (d != null) {
          sleep(d.toMillis());
        }
      }
      Router.bind(call, match.get());
      answer = Answer.of(dispatch.run(call, match.get().route()));
      if (lostAnswer != null) {
        Faults.Rule rule = lostAnswer;
        throw ApiException.raw(
            rule.status(),
            rule.errorCode() == null ? "INTERNAL_ERROR" : rule.errorCode(),
            rule.message() == null ? "Injected fault" : rule.message(),
            rule.retryAfterSeconds() == null ? Map.of() : Map.of("Retry-After", String.valueOf(rule.retryAfterSeconds())));
      }
    } catch (ApiException e) {
      answer = Answer.error(e, family);
    } catch (RuntimeException | IOException e) {
      LOG.log(System.Logger.Level.ERROR, "emulator failed on " + method + " " + path, e);
      answer = Answer.error(ApiException.of(ErrorCode.INTERNAL_ERROR, "Emulator error: " + e), family);
    }
    // Logged before the answer leaves, so a client that reads the log next sees this request.
    requestLog.add(
        now,
        method,
        path,
        rawQuery,
        call == null ? null : call.workspaceId(),
        answer.status,
        answer.errorCode,
        (System.nanoTime() - started) / 1_000_000,
        family,
        fault);
    try {
      send(ex, answer);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "client went away: " + e.getMessage());
    } finally {
      ex.close();
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange ex, Answer a) throws IOException {
    byte[] bytes = a.body;
    ex.getResponseHeaders().set("Content-Type", a.contentType);
    a.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(a.status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }

  /** What goes back on the wire. */
  private record Answer(int status, byte[] body, String contentType, Map<String, String> headers, String errorCode) {
    static Answer of(Object result) {
      if (result instanceof Reply r) {
        if (r.status() == 204) {
          return new Answer(204, new byte[0], r.contentType(), r.headers(), null);
        }
        byte[] bytes =
            r.body() instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : Json.bytes(r.body() == null ? Map.of() : r.body());
        return new Answer(r.status(), bytes, r.contentType(), r.headers(), null);
      }
      return new Answer(200, Json.bytes(result == null ? Map.of() : result), "application/json", Map.of(), null);
    }

    static Answer error(ApiException e, String family) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (e.isScim()) {
        body.put("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:Error"));
        body.put("detail", e.getMessage());
        body.put("status", String.valueOf(e.status()));
        if (e.scimType() != null) {
          body.put("scimType", e.scimType());
        }
        return new Answer(e.status(), Json.bytes(body), "application/scim+json", e.headers(), "SCIM_" + e.status());
      }
      body.put("error_code", e.errorCode());
      body.put("message", e.getMessage());
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("@type", "type.googleapis.com/google.rpc.ErrorInfo");
      info.put("reason", e.errorCode());
      info.put("domain", domain(family));
      info.put("metadata", Map.of());
      body.put("details", List.of(info));
      return new Answer(e.status(), Json.bytes(body), "application/json", e.headers(), e.errorCode());
    }

    private static String domain(String family) {
      if (family == null) {
        return "databricks.com";
      }
      int dot = family.indexOf('.');
      String area = dot < 0 ? family : family.substring(0, dot);
      return switch (area) {
        case "account" -> "accounts.databricks.com";
        case "oidc" -> "oidc.databricks.com";
        default -> family.substring(dot + 1).replace('.', '-') + ".databricks.com";
      };
    }
  }
}
