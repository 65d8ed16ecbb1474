package io.dbxcp.emulator.workspace;

import io.dbxcp.emulator.auth.Caller;
import io.dbxcp.emulator.http.ApiException;
import io.dbxcp.emulator.http.Body;
import io.dbxcp.emulator.store.ServicePrincipal;
import io.dbxcp.emulator.store.Store;
import io.dbxcp.emulator.store.Workspace;
import io.dbxcp.emulator.store.WorkspaceObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Workspace files and notebooks: import (parent folder must exist), export, get-status, mkdirs,
 * list, delete. {@code /}, {@code /Users}, {@code /Shared} and each member's home folder
 * {@code /Users/<user name>} always exist.
 */
public final class WorkspaceFilesService {
  static final Set<String> LANGUAGES = Set.of("PYTHON", "SCALA", "SQL", "R");
  static final Set<String> FORMATS = Set.of("SOURCE", "AUTO", "RAW", "DBC", "HTML", "JUPYTER", "R_MARKDOWN");
  private final Store store;

  public WorkspaceFilesService(Store store) {
    this.store = store;
  }

  public void importObject(Caller caller, Body b, Instant now) {
    Workspace w = caller.workspace();
    String path = normalize(b.required("path"));
    String format = b.string("format") == null ? "SOURCE" : b.string("format").toUpperCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      throw ApiException.invalidParameter("Invalid format " + format);
    }
    String language = b.string("language");
    if ("SOURCE".equals(format) && language == null) {
      throw ApiException.invalidParameter("The language of a SOURCE notebook must be given.");
    }
    if (language != null && !LANGUAGES.contains(language)) {
      throw ApiException.invalidParameter("Invalid language " + language);
    }
    byte[] content;
    try {
      content = Base64.getDecoder().decode(b.string("content") == null ? "" : b.string("content"));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParameter("content must be base64-encoded.");
    }
    if (content.length > 10 * 1024 * 1024) {
      throw ApiException.invalidParameter("Content exceeds the import limit of 10 MB.");
    }
    String parent = parentOf(path);
    if (!isDirectory(w, parent)) {
      throw ApiException.doesNotExist("The parent folder (" + parent + ") does not exist.");
    }
    WorkspaceObject existing = w.data.objects.get(path);
    if (existing != null && (!b.bool("overwrite", false) || "DIRECTORY".equals(existing.objectType))) {
      throw ApiException.alreadyExists("Path (" + path + ") already exists.");
    }
    WorkspaceObject o = existing != null ? existing : new WorkspaceObject();
    if (existing == null) {
      o.objectId = store.ids.nextLong();
      o.createdAt = now.toEpochMilli();
    }
    o.path = path;
    boolean notebook = "SOURCE".equals(format) || "JUPYTER".equals(format) || "DBC".equals(format) || "HTML".equals(format);
    o.objectType = notebook ? "NOTEBOOK" : "FILE";
    o.language = notebook ? (language == null ? "PYTHON" : language) : null;
    o.content = content;
    o.size = notebook ? null : (long) content.length;
    o.modifiedAt = now.toEpochMilli();
    w.data.objects.put(path, o);
  }

  public WorkspaceObject getStatus(Caller caller, String path) {
    Workspace w = caller.workspace();
    String p = normalize(path);
    WorkspaceObject o = w.data.objects.get(p);
    if (o == null && isDirectory(w, p)) {
      o = new WorkspaceObject();
      o.path = p;
      o.objectType = "DIRECTORY";
      o.objectId = Math.abs((long) p.hashCode());
    }
    if (o == null) {
      throw ApiException.doesNotExist("Path (" + p + ") doesn't exist.");
    }
    return o;
  }

  public Map<String, Object> export(Caller caller, String path) {
    WorkspaceObject o = getStatus(caller, path);
    if ("DIRECTORY".equals(o.objectType)) {
      throw ApiException.invalidParameter("Path (" + o.path + ") is a directory; export it with format DBC.");
    }
    return Map.of("content", Base64.getEncoder().encodeToString(o.content), "file_type", "NOTEBOOK".equals(o.objectType) ? "py" : "");
  }

  public void mkdirs(Caller caller, Body b, Instant now) {
    Workspace w = caller.workspace();
    String path = normalize(b.required("path"));
    List<String> chain = new ArrayList<>();
    for (String p = path; !"/".equals(p); p = parentOf(p)) {
      chain.addFirst(p);
    }
    for (String p : chain) {
      WorkspaceObject o = w.data.objects.get(p);
      if (o != null && !"DIRECTORY".equals(o.objectType)) {
        throw ApiException.alreadyExists("Path (" + p + ") already exists and is not a directory.");
      }
      if (o == null && !isDirectory(w, p)) {
        WorkspaceObject d = new WorkspaceObject();
        d.path = p;
        d.objectType = "DIRECTORY";
        d.objectId = store.ids.nextLong();
        d.createdAt = now.toEpochMilli();
        d.modifiedAt = d.createdAt;
        w.data.objects.put(p, d);
      }
    }
  }

  public Map<String, Object> list(Caller caller, String path) {
    Workspace w = caller.workspace();
    String p = normalize(path);
    if (!isDirectory(w, p)) {
      throw ApiException.doesNotExist("Path (" + p + ") doesn't exist.");
    }
    List<WorkspaceObject> children = new ArrayList<>();
    for (WorkspaceObject o : w.data.objects.values()) {
      if (parentOf(o.path).equals(p) && !o.path.equals(p)) {
        children.add(o);
      }
    }
    return Map.of("objects", children);
  }

  public void delete(Caller caller, Body b) {
    Workspace w = caller.workspace();
    String path = normalize(b.required("path"));
    WorkspaceObject o = w.data.objects.get(path);
    if (o == null) {
      throw ApiException.doesNotExist("Path (" + path + ") doesn't exist.");
    }
    boolean hasChildren = w.data.objects.keySet().stream().anyMatch(k -> k.startsWith(path + "/"));
    if (hasChildren && !b.bool("recursive", false)) {
      throw ApiException.invalidState("Folder (" + path + ") is not empty; delete it with recursive=true.");
    }
    w.data.objects.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + "/"));
  }

  /** The object at a path, for job runs (null when absent). */
  public static WorkspaceObject find(Workspace w, String path) {
    return path == null ? null : w.data.objects.get(normalize(path));
  }

  private boolean isDirectory(Workspace w, String path) {
    if (path.equals("/") || path.equals("/Users") || path.equals("/Shared") || path.equals("/Repos")) {
      return true;
    }
    WorkspaceObject o = w.data.objects.get(path);
    if (o != null) {
      return "DIRECTORY".equals(o.objectType);
    }
    if (path.startsWith("/Users/") && path.indexOf('/', "/Users/".length()) < 0) {
      String user = path.substring("/Users/".length());
      for (String id : w.data.members.keySet()) {
        ServicePrincipal sp = store.servicePrincipals.get(id);
        if (sp != null && sp.applicationId.equals(user)) {
          return true;
        }
      }
    }
    return false;
  }

  static String normalize(String path) {
    if (path == null || !path.startsWith("/")) {
      throw ApiException.invalidParameter("Path (" + path + ") must be absolute.");
    }
    String p = path.replaceAll("/+", "/");
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  static String parentOf(String path) {
    int i = path.lastIndexOf('/');
    return i <= 0 ? "/" : path.substring(0, i);
  }
}
