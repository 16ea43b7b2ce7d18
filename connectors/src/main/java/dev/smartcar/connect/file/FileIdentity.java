package dev.smartcar.connect.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;

/**
 * Who a file is, independent of its name: the device and inode it lives on. A rename keeps them, so a file that
 * is rotated or moved keeps its Connect source partition. Inodes are reused after a delete, so offsets also carry
 * a {@link Fingerprint} of the first bytes, which tells a reused inode from the file that owned it before.
 */
public final class FileIdentity {

    private final String key;

    private FileIdentity(String key) {
        this.key = key;
    }

    public static FileIdentity of(Path file) throws IOException {
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:dev,ino", LinkOption.NOFOLLOW_LINKS);
            return new FileIdentity("dev" + unix.get("dev") + "-ino" + unix.get("ino"));
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            // Not a POSIX file system: the platform's own file key (still rename-stable where it exists).
            Object fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (fileKey == null) {
                throw new IOException("file system of " + file + " offers no inode or file key; "
                        + "the connector needs one to recognise a file after a rename");
            }
            return new FileIdentity("key" + fileKey);
        }
    }

    /** Restores an identity from a source partition written earlier. */
    public static FileIdentity fromKey(String key) {
        return new FileIdentity(Objects.requireNonNull(key, "key"));
    }

    /** The string stored in the Connect source partition. */
    public String key() {
        return key;
    }

    /** A stable, non-negative bucket for splitting files across {@code taskCount} tasks. */
    public int bucket(int taskCount) {
        return Math.floorMod(key.hashCode(), taskCount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileIdentity other && key.equals(other.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return key;
    }
}
