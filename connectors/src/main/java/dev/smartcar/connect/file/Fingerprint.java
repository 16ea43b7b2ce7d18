package dev.smartcar.connect.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A checksum of a file's first bytes (up to {@link #MAX_BYTES}) and how many bytes it covers. Stored with every
 * offset, it tells "the same file as before" from "another file that got the same inode" or "this file after a
 * copy-truncate rewrote it"; comparing only the covered length keeps it valid while a short file grows.
 */
public record Fingerprint(int length, long checksum) {

    public static final int MAX_BYTES = 1024;

    public static Fingerprint of(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return of(channel, MAX_BYTES);
        }
    }

    /** The fingerprint of the first {@code length} bytes (fewer if the file is shorter). */
    public static Fingerprint of(FileChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(length, MAX_BYTES));
        long at = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        buffer.flip();
        CRC32C crc = new CRC32C();
        crc.update(buffer);
        return new Fingerprint((int) at, crc.getValue());
    }

    /** The fingerprint of the first {@code length} of {@code bytes} (fewer if there are fewer), e.g. decompressed. */
    public static Fingerprint of(byte[] bytes, int length) {
        int n = Math.min(Math.min(length, MAX_BYTES), bytes.length);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, n);
        return new Fingerprint(n, crc.getValue());
    }

    /** Whether {@code bytes} start with the bytes this fingerprint was taken of. */
    public boolean matches(byte[] bytes) {
        return bytes.length >= length && of(bytes, length).equals(this);
    }

    /** Whether the file still starts with the bytes this fingerprint was taken of. */
    public boolean matches(FileChannel channel) throws IOException {
        if (channel.size() < length) {
            return false;
        }
        return of(channel, length).equals(this);
    }

    public boolean complete() {
        return length >= MAX_BYTES;
    }

    /** Compact form for source offsets: {@code length:checksum-hex}. */
    public String encode() {
        return length + ":" + Long.toHexString(checksum);
    }

    /** Reads {@link #encode()}'s form; null for a missing or unreadable value (then the offset is not trusted). */
    public static Fingerprint decode(Object encoded) {
        if (!(encoded instanceof String text)) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            return new Fingerprint(Integer.parseInt(text.substring(0, colon)),
                    Long.parseUnsignedLong(text.substring(colon + 1), 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
