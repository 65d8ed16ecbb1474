package io.dbxcp.workspace.configure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The init script itself, run with bash against a copy of the paths of a Databricks node under a temporary root. */
class CoreSiteInitScriptTest {
    static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/2c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d6e";
    static final String CORE_SITE = """
            <?xml version="1.0"?>
            <configuration>
              <property>
                <name>fs.s3a.impl</name>
                <value>shaded.databricks.org.apache.hadoop.fs.s3a.S3AFileSystem</value>
              </property>
            </configuration>
            """;

    @TempDir
    Path root;

    private Path node() throws IOException {
        Path conf = Files.createDirectories(root.resolve("databricks/spark/dbconf/hadoop"));
        Files.writeString(conf.resolve("core-site.xml"), CORE_SITE);
        Path scripts = Files.createDirectories(root.resolve("databricks/spark/scripts"));
        for (String s : List.of("start_driver.sh", "start_spark_slave.sh")) {
            Files.writeString(scripts.resolve(s), "#!/bin/bash\necho starting\n");
        }
        return conf.resolve("core-site.xml");
    }

    private static int bash(Path script) throws Exception {
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash finished: " + out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return p.exitValue();
    }

    private Path script() throws IOException {
        return Files.writeString(root.resolve("init.sh"), CoreSiteInitScript.render(KEY, root.toString()));
    }

    private static List<String[]> properties(Path coreSite) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(coreSite)));
        NodeList props = doc.getDocumentElement().getElementsByTagName("property");
        List<String[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < props.getLength(); i++) {
            Element e = (Element) props.item(i);
            out.add(new String[] {e.getElementsByTagName("name").item(0).getTextContent(), e.getElementsByTagName("value").item(0).getTextContent()});
        }
        return out;
    }

    @Test
    void script_onANode_addsSseKmsWithTheKeyToCoreSiteXmlAndKeepsItValid() throws Exception {
        Path coreSite = node();

        bash(script());

        assertThat(properties(coreSite)).extracting(p -> p[0] + "=" + p[1]).containsExactly(
                "fs.s3a.impl=shaded.databricks.org.apache.hadoop.fs.s3a.S3AFileSystem",
                "fs.s3a.server-side-encryption-algorithm=SSE-KMS",
                "fs.s3a.server-side-encryption.key=" + KEY);
    }

    @Test
    void script_runTwice_addsThePropertiesAndTheStartHooksOnce() throws Exception {
        Path coreSite = node();
        Path script = script();

        bash(script);
        bash(script);

        assertThat(properties(coreSite)).hasSize(3);
        List<String> driver = Files.readAllLines(root.resolve("databricks/spark/scripts/start_driver.sh"));
        assertThat(driver).hasSize(3);
        assertThat(driver.get(1)).endsWith("/databricks/dbxcp/add-sse-kms-to-core-site.sh");
        assertThat(Files.readAllLines(root.resolve("databricks/spark/scripts/start_spark_slave.sh")).get(1))
                .endsWith("/databricks/dbxcp/add-sse-kms-to-core-site.sh");
    }

    @Test
    void startHook_coreSiteWrittenAgainBySpark_addsThePropertiesAgain() throws Exception {
        Path coreSite = node();
        bash(script());
        Files.writeString(coreSite, CORE_SITE);

        bash(root.resolve("databricks/spark/scripts/start_driver.sh"));

        assertThat(properties(coreSite)).extracting(p -> p[0]).contains("fs.s3a.server-side-encryption.key");
        assertThat(properties(coreSite)).hasSize(3);
    }

    @Test
    void forKey_asUploaded_usesTheNodesOwnPathsAndCarriesTheMark() {
        String script = CoreSiteInitScript.forKey(KEY);

        assertThat(script).startsWith("#!/bin/bash\n" + CoreSiteInitScript.MARK);
        assertThat(script).contains("ROOT=\"\"").contains("<value>" + KEY + "</value>");
        assertThat(CoreSiteInitScript.decode(CoreSiteInitScript.base64(script))).isEqualTo(script);
    }
}
