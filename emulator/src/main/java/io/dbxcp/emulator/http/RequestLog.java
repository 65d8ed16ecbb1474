package io.dbxcp.emulator.http;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The requests served, newest last, bounded. It records no header (so no Authorization) and no
 * body (so no secret value); query parameters whose name suggests a credential are redacted.
 */
public final class RequestLog {

  /** One request served. {@code fault} names the injected fault that answered it, if any. */
  public record Entry(
      long seq,
      String time,
      String method,
      String path,
      String query,
      Long workspaceId,
      int status,
      String errorCode,
      long durationMs,
      String family,
      String fault) {}

  private static final Pattern SENSITIVE =
      Pattern.compile("(?i)([^&=]*(token|secret|password|key_value|string_value)[^&=]*)=([^&]*)");

  private final int capacity;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private long seq;

  public RequestLog(int capacity) {
    this.capacity = capacity;
  }

  public synchronized Entry add(
      Instant time,
      String method,
      String path,
      String rawQuery,
      Long workspaceId,
      int status,
      String errorCode,
      long durationMs,
      String family,
      String fault) {
    String query = rawQuery == null || rawQuery.isEmpty() ? null : SENSITIVE.matcher(rawQuery).replaceAll("$1=REDACTED");
    Entry e =
        new Entry(++seq, time.toString(), method, path, query, workspaceId, status, errorCode, durationMs, family, fault);
    entries.addLast(e);
    while (entries.size() > capacity) {
      entries.removeFirst();
    }
    return e;
  }

  /** Entries with a sequence number above {@code afterSeq}, optionally of one method and path prefix. */
  public synchronized List<Entry> list(long afterSeq, String method, String pathPrefix) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.seq() <= afterSeq) {
        continue;
      }
      if (method != null && !method.isBlank() && !e.method().equalsIgnoreCase(method)) {
        continue;
      }
      if (pathPrefix != null && !pathPrefix.isBlank() && !e.path().startsWith(pathPrefix)) {
        continue;
      }
      out.add(e);
    }
    return out;
  }

  public synchronized List<Entry> all() {
    return List.copyOf(entries);
  }

  public synchronized void clear() {
    entries.clear();
  }
}
