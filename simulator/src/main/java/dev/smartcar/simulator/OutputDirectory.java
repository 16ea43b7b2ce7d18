package dev.smartcar.simulator;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure the directory an output goes to exists and can be written, before any work is done, and says which
 * option named it when it cannot: {@code --out /data/spool: /data is a file, not a directory}.
 */
final class OutputDirectory {

    private OutputDirectory() { }

    static void prepare(String option, Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(option + " " + dir + ": " + e.getFile() + " is a file, not a directory");
        } catch (AccessDeniedException e) {
            throw new IOException(option + " " + dir + ": cannot create " + e.getFile() + ": permission denied");
        } catch (FileSystemException e) {
            throw new IOException(option + " " + dir + ": cannot create " + e.getFile()
                    + (e.getReason() != null ? ": " + e.getReason() : ""));
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(option + " " + dir + ": directory is not writable (permission denied)");
        }
    }
}
