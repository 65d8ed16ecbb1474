package io.dbxcp.workspace.configure;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The global init script that encrypts writes to the DBFS root bucket with the customer's KMS key
 * (as the seed describes: "include a file called core-site.xml in each node of the cluster through
 * an init script"). On every node, driver and workers, it adds two properties to Hadoop's
 * {@code core-site.xml} ({@code /databricks/spark/dbconf/hadoop/core-site.xml}):
 * {@code fs.s3a.server-side-encryption-algorithm = SSE-KMS} and
 * {@code fs.s3a.server-side-encryption.key = <rootBucketKeyArn>}. Spark may write that file again
 * when it starts, so the script also installs a small hook at the top of the driver's and the
 * worker's start scripts that adds the properties if they are missing; running it twice adds them
 * once.
 */
final class CoreSiteInitScript {
    /** The line that marks a script as ours: only such a script is ever updated. */
    static final String MARK = "# Managed by dbxcp (provision-workspace)";

    private static final String TEMPLATE = """
            #!/bin/bash
            @MARK@: do not edit, the next run puts this content back.
            # Adds SSE-KMS with the workspace's root bucket key to Hadoop's core-site.xml on every node, now and
            # whenever the driver or a worker starts, so that writes to the DBFS root bucket are encrypted with it.
            set -euo pipefail
            ROOT="@ROOT@"
            CORE_SITE="$ROOT/databricks/spark/dbconf/hadoop/core-site.xml"
            PROPERTIES="$ROOT/databricks/dbxcp/sse-kms-core-site.xml"
            HOOK="$ROOT/databricks/dbxcp/add-sse-kms-to-core-site.sh"
            mkdir -p "$(dirname "$PROPERTIES")"
            cat > "$PROPERTIES" <<'XML'
              <property>
                <name>fs.s3a.server-side-encryption-algorithm</name>
                <value>SSE-KMS</value>
              </property>
              <property>
                <name>fs.s3a.server-side-encryption.key</name>
                <value>@KEY_ARN@</value>
              </property>
            XML
            cat > "$HOOK" <<SH
            #!/bin/bash
            # dbxcp: adds the SSE-KMS properties to core-site.xml once.
            if [ -f "$CORE_SITE" ] && ! grep -q '<name>fs.s3a.server-side-encryption.key</name>' "$CORE_SITE"; then
              sed -i -e '/<\\\\/configuration>/{' -e 'r $PROPERTIES' -e 'a </configuration>' -e 'd' -e '}' "$CORE_SITE"
            fi
            SH
            chmod +x "$HOOK"
            "$HOOK"
            for START in "$ROOT/databricks/spark/scripts/start_driver.sh" "$ROOT/databricks/spark/scripts/start_spark_slave.sh"; do
              if [ -f "$START" ] && ! grep -qF "$HOOK" "$START"; then
                sed -i "1a $HOOK" "$START"
              fi
            done
            """;

    private CoreSiteInitScript() {}

    /** The script as it runs on Databricks nodes. */
    static String forKey(String keyArn) {
        return render(keyArn, "");
    }

    /** The script with every path under {@code root}: only tests use another root than "". */
    static String render(String keyArn, String root) {
        return TEMPLATE.replace("@MARK@", MARK).replace("@ROOT@", root).replace("@KEY_ARN@", xml(keyArn));
    }

    static String base64(String script) {
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
