package io.dbxcp.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's root folder: the one with the root pom.xml, template.yaml and local/engine/run.mjs. */
public final class ProjectRoot {

    /** Set by the root pom for tests, and by scripts/run. */
    public static final String PROPERTY = "dbxcp.project.root";

    private ProjectRoot() {
    }

    /** The system property {@value #PROPERTY} if set, else the first folder up from user.dir that looks right. */
    public static Path find() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank() && looksRight(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (looksRight(p)) {
                return p.normalize();
            }
        }
        throw new LocalRunnerException("cannot find the project root (a folder with pom.xml and "
                + "local/engine/run.mjs) above " + System.getProperty("user.dir") + "; set -D" + PROPERTY);
    }

    private static boolean looksRight(Path p) {
        return Files.isRegularFile(p.resolve("pom.xml")) && Files.isRegularFile(p.resolve("local/engine/run.mjs"));
    }
}
