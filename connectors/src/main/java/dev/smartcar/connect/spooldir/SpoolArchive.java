package dev.smartcar.connect.spooldir;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.kafka.common.utils.Time;

/** Moves a file out of the spool directory: into the finished or the error directory, or deletes it. */
final class SpoolArchive {

    private final Path spoolDir;
    private final FinishPolicy policy;
    private final Path finishedDir;
    private final Path errorDir;
    private final Time time;

    SpoolArchive(SpoolDirSourceConfig config, Time time) {
        this.spoolDir = config.spoolDir();
        this.policy = config.finishPolicy();
        this.finishedDir = config.finishedDir();
        this.errorDir = config.errorDir();
        this.time = time;
    }

    FinishPolicy policy() {
        return policy;
    }

    /** Applies the finish policy; returns where the file went (null if deleted or left in place). */
    Path finished(Path file) throws IOException {
        return switch (policy) {
            case MOVE -> moveInto(finishedDir, file);
            case DELETE -> {
                Files.deleteIfExists(file);
                yield null;
            }
            case LEAVE -> null;
        };
    }

    /** Moves an unreadable file into the error directory; returns its new path, or null when there is none. */
    Path failed(Path file) throws IOException {
        return errorDir == null ? null : moveInto(errorDir, file);
    }

    private Path moveInto(Path dir, Path file) throws IOException {
        // Keep the sub-directory a recursive spool found the file in, so equal names cannot collide.
        Path relative = file.startsWith(spoolDir) ? spoolDir.relativize(file) : file.getFileName();
        Path target = dir.resolve(relative);
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            target = target.resolveSibling(target.getFileName() + "." + time.milliseconds());
        }
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(file, target);
        }
    }
}
