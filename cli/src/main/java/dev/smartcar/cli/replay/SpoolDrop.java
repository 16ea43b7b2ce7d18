package dev.smartcar.cli.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a finished status day file into the spool directory the way the spool-dir source expects: copied under a
 * hidden temporary name in the same directory (which the source skips), then renamed into place in one atomic
 * step, so the source never sees half a file.
 */
public final class SpoolDrop {

    private SpoolDrop() { }

    /** Copies {@code file} into {@code spoolDir} under its own name; refuses to overwrite a file already there. */
    public static Path copyInto(Path file, Path spoolDir) throws IOException {
        Files.createDirectories(spoolDir);
        Path target = spoolDir.resolve(file.getFileName().toString());
        if (Files.exists(target)) {
            throw new IOException("spool directory " + spoolDir + " already holds " + target.getFileName()
                    + " (not yet collected?); not overwriting it");
        }
        Path temp = spoolDir.resolve("." + file.getFileName() + ".smartcar-tmp");
        Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return target;
    }
}
