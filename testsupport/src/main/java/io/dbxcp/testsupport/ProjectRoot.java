package io.dbxcp.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root folder: the {@code dbxcp.project.root} system property (set by Surefire), else found upward from the working directory. */
public final class ProjectRoot {
    private ProjectRoot() {}

    public static Path get() {
        String prop = System.getProperty("dbxcp.project.root");
        if (prop != null && Files.isDirectory(Path.of(prop, "events"))) return Path.of(prop).toAbsolutePath();
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("template.yaml")) || Files.isDirectory(p.resolve("statemachines"))) return p;
            p = p.getParent();
        }
        throw new IllegalStateException("cannot find the project root (no template.yaml above " + Path.of("").toAbsolutePath() + ")");
    }

    public static Path resolve(String relative) {
        return get().resolve(relative);
    }
}
