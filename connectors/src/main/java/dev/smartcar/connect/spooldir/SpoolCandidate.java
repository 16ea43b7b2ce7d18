package dev.smartcar.connect.spooldir;

import dev.smartcar.connect.file.FileIdentity;
import java.nio.file.Path;

/** A file in the spool folder that this task may read. */
record SpoolCandidate(Path path, FileIdentity identity, long lastModified, long size) {
}
