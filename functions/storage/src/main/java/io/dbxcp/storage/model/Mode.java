package io.dbxcp.storage.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How buckets are made available to a workspace: the request's {@code mode}. */
public enum Mode {
    /** DBFS mounts made by a one-time job run (the seed's way; deprecated by Databricks). */
    DBFS_MOUNT("dbfs-mount"),
    /** A Unity Catalog storage credential and an external location per bucket (recommended). */
    UNITY_CATALOG("unity-catalog");

    private final String id;

    Mode(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Mode of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode " + id));
    }
}
