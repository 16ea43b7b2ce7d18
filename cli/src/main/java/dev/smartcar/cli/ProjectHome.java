package dev.smartcar.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project checkout the tool runs in: {@code SMARTCAR_HOME} (set by {@code bin/smartcar}), else the nearest
 * directory upwards from the working directory that holds {@code stack/bin/stack.sh}, else the working directory.
 * The local stack's files ({@code .stack/<env>/...}) are found from here.
 */
public final class ProjectHome {

    private ProjectHome() { }

    public static Path path() {
        String home = System.getenv("SMARTCAR_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("stack/bin/stack.sh"))) {
                return p;
            }
        }
        return cwd;
    }
}
