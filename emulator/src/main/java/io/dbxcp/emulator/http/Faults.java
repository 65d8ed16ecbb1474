package io.dbxcp.emulator.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Injected faults: for requests that match a method and a path pattern, the next {@code count}
 * responses are replaced by an error (status, error_code, message, optional Retry-After) and/or
 * delayed by a latency. Rules are tried in the order they were added; each match uses one.
 */
public final class Faults {

  /**
   * A fault rule.
   *
   * @param method HTTP method, or null / "*" for any
   * @param path a glob ({@code *} within a segment, {@code **} across segments) or, with the
   *     prefix {@code regex:} or a leading {@code ^}, a regular expression on the path
   * @param count how many matching requests it answers; -1 for every one until cleared
   * @param status the HTTP status to answer with; 0 for latency only (the request is then served)
   * @param errorCode the error_code of the body
   * @param message the message of the body
   * @param retryAfterSeconds the Retry-After header, or null
   * @param latencyMillis a delay before answering, or 0
   * @param afterServing the request is served first (its effects stay) and only its answer is
   *     replaced by the error: a response lost after the server did the work, which makes a client
   *     that retries a POST meet its own object ("already exists")
   */
  public record Rule(
      String method,
      String path,
      int count,
      int status,
      String errorCode,
      String message,
      Integer retryAfterSeconds,
      long latencyMillis,
      boolean afterServing) {

    public Rule(String method, String path, int count, int status, String errorCode, String message, Integer retryAfterSeconds,
        long latencyMillis) {
      this(method, path, count, status, errorCode, message, retryAfterSeconds, latencyMillis, false);
    }

    public Rule {
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("a fault needs a path pattern");
      }
      if (count == 0) {
        count = 1;
      }
    }

    /** An error for the next {@code count} requests of {@code method path}. */
    public static Rule error(String method, String path, int count, int status, String errorCode, String message) {
      return new Rule(method, path, count, status, errorCode, message, null, 0);
    }

    public Rule withRetryAfter(int seconds) {
      return new Rule(method, path, count, status, errorCode, message, seconds, latencyMillis, afterServing);
    }

    public Rule withLatency(long millis) {
      return new Rule(method, path, count, status, errorCode, message, retryAfterSeconds, millis, afterServing);
    }

    /** Serve the request, then answer with the error (see {@code afterServing}). */
    public Rule servedFirst() {
      return new Rule(method, path, count, status, errorCode, message, retryAfterSeconds, latencyMillis, true);
    }

    /** Only a delay for the next {@code count} requests; they are then served normally. */
    public static Rule latency(String method, String path, int count, long millis) {
      return new Rule(method, path, count, 0, null, null, null, millis);
    }
  }

  /** A rule as stored: its id, compiled pattern and how many uses remain. */
  public static final class Active {
    private final String id;
    private final Rule rule;
    private final Pattern pattern;
    private int remaining;

    Active(String id, Rule rule) {
      this.id = id;
      this.rule = rule;
      this.pattern = compile(rule.path());
      this.remaining = rule.count();
    }

    public String id() {
      return id;
    }

    public Rule rule() {
      return rule;
    }

    public int remaining() {
      return remaining;
    }
  }

  private final List<Active> rules = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  public synchronized String add(Rule rule) {
    Active a = new Active("fault-" + ids.incrementAndGet(), rule);
    rules.add(a);
    return a.id;
  }

  public synchronized void clear() {
    rules.clear();
  }

  public synchronized List<Active> list() {
    return List.copyOf(rules);
  }

  /** Takes one use of the first rule matching this request, if any. */
  public synchronized Optional<Active> take(String method, String path) {
    Iterator<Active> it = rules.iterator();
    while (it.hasNext()) {
      Active a = it.next();
      String m = a.rule.method();
      boolean methodOk = m == null || m.isBlank() || m.equals("*") || m.equalsIgnoreCase(method);
      if (methodOk && a.pattern.matcher(path).matches()) {
        if (a.remaining > 0 && --a.remaining == 0) {
          it.remove();
        }
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  static Pattern compile(String pattern) {
    if (pattern.startsWith("regex:")) {
      return Pattern.compile(pattern.substring("regex:".length()));
    }
    if (pattern.startsWith("^")) {
      return Pattern.compile(pattern);
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
