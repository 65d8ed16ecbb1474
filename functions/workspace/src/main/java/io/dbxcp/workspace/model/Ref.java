package io.dbxcp.workspace.model;

/**
 * An object a step made or found: its Databricks id, its name, and whether this run created it
 * (only what a run created is deleted when the run compensates; what it reused is never touched).
 */
public record Ref(String kind, String id, String name, boolean created) {
    public static Ref created(String kind, String id, String name) {
        return new Ref(kind, id, name, true);
    }

    public static Ref reused(String kind, String id, String name) {
        return new Ref(kind, id, name, false);
    }
}
