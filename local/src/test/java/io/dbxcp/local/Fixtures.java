package io.dbxcp.local;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The fixture application of the tests: src/test/resources/fixture/template.yaml and its state machines. */
final class Fixtures {

    private Fixtures() {
    }

    static Path template() {
        return resource("fixture/template.yaml");
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource missing: " + name, e);
        }
    }

    /** A runner of the fixture template with scaled waits and history under {@code dir}. */
    static LocalRunner.Builder runner(Path historyDir) {
        return LocalRunner.builder()
                .projectRoot(ProjectRoot.find())
                .template(template())
                .environment("AWS_REGION", "eu-west-1")
                .localValue("DatabricksAccountId", "acc-fixture")
                .waitScale(0.01)
                .historyDir(historyDir);
    }
}
