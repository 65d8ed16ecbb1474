package io.dbxcp.workspace.configure;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbxcp.workspace.model.WorkspaceRequest;
import io.dbxcp.workspace.model.WorkspaceRequest.ClusterPolicy;

/**
 * The definition of a cluster policy (the JSON document Databricks keeps as a string): each key is
 * a cluster attribute path, each value a rule. From one {@code configure.clusterPolicies} entry
 * (with its defaults filled in) and, for a Glue metastore, {@code configure.metastore}:
 *
 * <ul>
 *   <li>{@code cluster_type}: fixed {@code job} or {@code all-purpose};
 *   <li>{@code autoscale.min_workers} and {@code autoscale.max_workers}: ranges within
 *       [minWorkers, maxWorkers], defaulting to minWorkers and maxWorkers; {@code num_workers}
 *       (fixed-size clusters) in the same range, optional;
 *   <li>spot with on-demand fallback: {@code aws_attributes.availability} fixed
 *       {@code SPOT_WITH_FALLBACK} and {@code aws_attributes.first_on_demand} fixed 1 (the driver on
 *       demand); without it, {@code availability} fixed {@code ON_DEMAND};
 *   <li>{@code aws_attributes.instance_profile_arn} fixed, when given;
 *   <li>SSE-KMS for the data lake buckets, when a data key is given:
 *       {@code spark_conf.spark.hadoop.fs.s3a.server-side-encryption-algorithm} fixed {@code SSE-KMS}
 *       and {@code spark_conf.spark.hadoop.fs.s3a.server-side-encryption.key} fixed to the key ARN;
 *   <li>{@code spark_conf.spark.databricks.repl.allowedLanguages} fixed (comma list);
 *   <li>{@code node_type_id} and {@code driver_node_type_id} allowlists, when node types are given
 *       (the first is the default);
 *   <li>Glue metastore: {@code spark.databricks.hive.metastore.glueCatalog.enabled} true,
 *       {@code spark.hadoop.aws.region} and {@code spark.hadoop.hive.metastore.glue.catalogid} fixed,
 *       and the Glue client caches of databases and tables on (1000 entries, 30 minutes) as
 *       defaults a cluster may change.
 * </ul>
 */
final class PolicyDefinition {
    static final String SPARK = "spark_conf.";

    private PolicyDefinition() {}

    static ObjectNode of(ClusterPolicy p, WorkspaceRequest request) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        fixed(d, "cluster_type", p.clusterType());
        int min = p.minWorkers();
        int max = p.maxWorkers();
        range(d, "autoscale.min_workers", min, max, min);
        range(d, "autoscale.max_workers", Math.max(1, min), max, max);
        range(d, "num_workers", min, max, min).put("isOptional", true);
        if (Boolean.TRUE.equals(p.spotWithOnDemandFallback())) {
            fixed(d, "aws_attributes.availability", "SPOT_WITH_FALLBACK");
            d.putObject("aws_attributes.first_on_demand").put("type", "fixed").put("value", 1);
        } else {
            fixed(d, "aws_attributes.availability", "ON_DEMAND");
        }
        if (p.instanceProfileArn() != null) fixed(d, "aws_attributes.instance_profile_arn", p.instanceProfileArn());
        if (p.dataKeyArn() != null) {
            fixed(d, SPARK + "spark.hadoop.fs.s3a.server-side-encryption-algorithm", "SSE-KMS");
            fixed(d, SPARK + "spark.hadoop.fs.s3a.server-side-encryption.key", p.dataKeyArn());
        }
        fixed(d, SPARK + "spark.databricks.repl.allowedLanguages", String.join(",", p.allowedLanguages()));
        if (p.nodeTypeIds() != null && !p.nodeTypeIds().isEmpty()) {
            allowlist(d, "node_type_id", p);
            allowlist(d, "driver_node_type_id", p);
        }
        WorkspaceRequest.Metastore m = request.configure() == null ? null : request.configure().metastore();
        if (m != null && "GLUE".equals(m.type())) {
            fixed(d, SPARK + "spark.databricks.hive.metastore.glueCatalog.enabled", "true");
            fixed(d, SPARK + "spark.hadoop.aws.region", request.region());
            fixed(d, SPARK + "spark.hadoop.hive.metastore.glue.catalogid", m.glueCatalogId());
            for (String kind : new String[] {"db", "table"}) {
                byDefault(d, SPARK + "spark.hadoop.aws.glue.cache." + kind + ".enable", "true");
                byDefault(d, SPARK + "spark.hadoop.aws.glue.cache." + kind + ".size", "1000");
                byDefault(d, SPARK + "spark.hadoop.aws.glue.cache." + kind + ".ttl-mins", "30");
            }
        }
        return d;
    }

    private static void fixed(ObjectNode d, String path, String value) {
        d.putObject(path).put("type", "fixed").put("value", value);
    }

    private static ObjectNode range(ObjectNode d, String path, int min, int max, int byDefault) {
        return d.putObject(path).put("type", "range").put("minValue", min).put("maxValue", max).put("defaultValue", byDefault);
    }

    private static void allowlist(ObjectNode d, String path, ClusterPolicy p) {
        ObjectNode rule = d.putObject(path).put("type", "allowlist");
        ArrayNode values = rule.putArray("values");
        p.nodeTypeIds().forEach(values::add);
        rule.put("defaultValue", p.nodeTypeIds().getFirst());
    }

    private static void byDefault(ObjectNode d, String path, String value) {
        d.putObject(path).put("type", "unlimited").put("defaultValue", value);
    }
}
