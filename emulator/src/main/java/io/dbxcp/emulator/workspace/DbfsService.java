package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.store.Mount;
import io.dbxcp.emulator.store.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DBFS, as far as mounts go: the root folders, {@code /mnt}, and one folder per mount that a job
 * run made. What lies inside a mounted bucket is not modelled: a mount point lists as empty.
 */
public final class DbfsService {
  static final List<String> ROOT = List.of("/FileStore", "/databricks-datasets", "/mnt", "/tmp", "/user");

  public Map<String, Object> getStatus(Caller caller, String path) {
    Workspace w = caller.workspace();
    String p = normalize(path);
    if (p.equals("/") || ROOT.contains(p)) {
      return info(p, 0);
    }
    Mount m = w.data.mounts.get(p);
    if (m != null) {
      return info(p, m.createdAt);
    }
    throw ApiException.doesNotExist("No file or directory exists on path " + p + ".");
  }

  public Map<String, Object> list(Caller caller, String path) {
    Workspace w = caller.workspace();
    String p = normalize(path);
    List<Map<String, Object>> files = new ArrayList<>();
    if (p.equals("/")) {
      ROOT.forEach(r -> files.add(info(r, 0)));
    } else if (p.equals("/mnt")) {
      w.data.mounts.values().forEach(m -> files.add(info(m.mountPoint, m.createdAt)));
    } else if (!ROOT.contains(p) && !w.data.mounts.containsKey(p)) {
      throw ApiException.doesNotExist("No file or directory exists on path " + p + ".");
    }
    return Map.of("files", files);
  }

  private static Map<String, Object> info(String path, long modified) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", path);
    m.put("is_dir", true);
    m.put("file_size", 0);
    m.put("modification_time", modified);
    return m;
  }

  static String normalize(String path) {
    if (path == null || path.isBlank()) {
      throw ApiException.missing("path");
    }
    String p = path.startsWith("dbfs:") ? path.substring("dbfs:".length()) : path;
    if (!p.startsWith("/")) {
      throw ApiException.invalidParameter("Path must be absolute: " + path);
    }
    p = p.replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }
}
