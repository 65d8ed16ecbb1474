package io.dbxcp.storage.dbfs;

import io.dbxcp.storage.model.BucketPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The notebook that mounts one bucket, written for that bucket with its values as literals (so the
 * notebook in the workspace shows exactly what was mounted, and needs no parameters):
 *
 * <ul>
 *   <li>when the mount point is mounted already (elsewhere, or with settings dbxcp cannot vouch
 *       for: DBFS does not tell a mount's source or key) it is unmounted first;
 *   <li>{@code dbutils.fs.mount} of {@code s3a://<bucket>} with the SSE-KMS settings as extra configs
 *       ({@code fs.s3a.server-side-encryption-algorithm} SSE-KMS and
 *       {@code fs.s3a.server-side-encryption.key} the key ARN), as the seed sets them for data lake buckets;
 *   <li>it lists the mount point (the cluster's instance profile must reach the bucket), and exits
 *       with what it mounted.
 * </ul>
 */
public final class MountNotebook {
    static final String SSE_ALGORITHM = "fs.s3a.server-side-encryption-algorithm";
    static final String SSE_KEY = "fs.s3a.server-side-encryption.key";

    private MountNotebook() {}

    public static String source(BucketPlan b, String requestId) {
        String mountPoint = py(b.target());
        String source = py(b.source());
        StringBuilder configs = new StringBuilder();
        if (b.kmsKeyArn() != null) {
            configs.append(py(SSE_ALGORITHM)).append(": ").append(py("SSE-KMS")).append(", ")
                    .append(py(SSE_KEY)).append(": ").append(py(b.kmsKeyArn()));
        }
        return """
                # Databricks notebook source
                # Written by dbxcp (mount-buckets, request %s): mounts %s at %s%s.
                # It runs as a one-time job on a single-node cluster with the data role's instance profile.
                # Safe to run again: whatever is mounted at the mount point is unmounted first.
                import json

                if any(m.mountPoint == %s for m in dbutils.fs.mounts()):
                    dbutils.fs.unmount(%s)
                dbutils.fs.mount(source=%s, mount_point=%s, extra_configs={%s})
                dbutils.fs.ls(%s)
                dbutils.notebook.exit(json.dumps({"mount_point": %s, "source": %s}))
                """.formatted(comment(requestId), comment(b.source()), comment(b.target()),
                b.kmsKeyArn() == null ? "" : " with SSE-KMS", mountPoint, mountPoint, source, mountPoint, configs,
                mountPoint, mountPoint, source);
    }

    /**
     * The job run's idempotency token: a retried submit of the same execution returns the run it
     * already started instead of starting a second one. Derived from the request id, the bucket and
     * its mount name, and the execution's name, so a later execution of the same request (after a
     * fix) starts a new run instead of being handed the old one. At most 64 characters.
     */
    public static String idempotencyToken(String requestId, String executionName, BucketPlan b) {
        String identity = String.join("\n", requestId, String.valueOf(executionName), b.bucket(), b.mountName());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "dbxcp-mount-" + HexFormat.of().formatHex(hash).substring(0, 48);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Python string literal; the values are validated by the request's schema, this keeps them literal anyway. */
    static String py(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') s.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) s.append(String.format("\\u%04x", (int) c));
            else s.append(c);
        }
        return s.append('"').toString();
    }

    private static String comment(String value) {
        return value == null ? "" : value.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
