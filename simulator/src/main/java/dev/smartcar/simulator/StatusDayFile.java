package dev.smartcar.simulator;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Publishes a day of status lines into a spool directory the way a spool-dir reader needs it: written under a
 * hidden temporary name in the same directory ({@code .SmartCarStatusInfo_<date>.txt.tmp}), flushed to disk,
 * then renamed atomically, so the file appears only complete. A failed run leaves no file behind.
 */
final class StatusDayFile {

    /** What goes into the file; {@link StatusDayWriter} in production. */
    interface Content {
        StatusDayWriter.Totals writeTo(WritableByteChannel out, Progress progress) throws IOException;
    }

    private StatusDayFile() { }

    static String fileName(SimulatedDay day) {
        return "SmartCarStatusInfo_" + day.text() + ".txt";
    }

    static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }

    static StatusDayWriter.Totals publish(Path dir, SimulatedDay day, boolean overwrite, Content content,
                                         Progress progress) throws IOException {
        OutputDirectory.prepare("--out", dir);
        Path target = dir.resolve(fileName(day));
        if (!overwrite && Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "already there (a spool-dir reader may have it); remove it or pass --overwrite");
        }
        Path temporary = temporaryFor(target);
        boolean published = false;
        try {
            StatusDayWriter.Totals totals;
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                totals = content.writeTo(out, progress);
                out.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            published = true;
            return totals;
        } finally {
            if (!published) {
                deleteQuietly(temporary);
            }
        }
    }

    /** Cleans up after a failure without hiding the failure itself. */
    private static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The original exception is the one to report; a leftover hidden .tmp is overwritten next run.
        }
    }
}
