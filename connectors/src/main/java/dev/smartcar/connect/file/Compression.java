package dev.smartcar.connect.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * How a file is compressed, told by its magic bytes rather than its name (logrotate's {@code compressext} and
 * {@code dateext} make names unreliable). Only gzip is read: the JDK decompresses it; xz, zstd and bzip2, which
 * logrotate can be told to use ({@code compresscmd}), are recognised so that they are refused by name instead of
 * being read as text.
 */
public enum Compression {

    NONE(new int[0], null),
    GZIP(new int[] {0x1f, 0x8b}, "gzip"),
    XZ(new int[] {0xfd, '7', 'z', 'X', 'Z', 0x00}, "xz"),
    ZSTD(new int[] {0x28, 0xb5, 0x2f, 0xfd}, "zstd"),
    /** "BZh", the block size 1-9 (any byte here), the block magic: a text line starting "BZh" is not taken. */
    BZIP2(new int[] {'B', 'Z', 'h', -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59}, "bzip2");

    private static final int LONGEST_MAGIC = 10;

    /** In a magic: any byte. */
    private static final int ANY_BYTE = -1;

    private final int[] magic;
    private final String tool;

    Compression(int[] magic, String tool) {
        this.magic = magic;
        this.tool = tool;
    }

    /** The compression of the file behind {@code channel}, from its first bytes; NONE for plain (or empty) files. */
    public static Compression of(FileChannel channel) throws IOException {
        ByteBuffer head = head(channel);
        for (Compression c : values()) {
            if (c != NONE && startsWith(head, c.magic)) {
                return c;
            }
        }
        return NONE;
    }

    /**
     * Whether the file is still too short to tell: its bytes so far (none, for a file gzip has just created) are
     * fewer than some compression's magic and all agree with it.
     */
    public static boolean undecided(FileChannel channel) throws IOException {
        ByteBuffer head = head(channel);
        for (Compression c : values()) {
            if (c != NONE && head.position() < c.magic.length && agrees(head, head.position(), c.magic)) {
                return true;
            }
        }
        return false;
    }

    private static ByteBuffer head(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(LONGEST_MAGIC);
        while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
            // a short read: go on until the magic is in or the file ends
        }
        return head;
    }

    private static boolean startsWith(ByteBuffer head, int[] magic) {
        return head.position() >= magic.length && agrees(head, magic.length, magic);
    }

    private static boolean agrees(ByteBuffer head, int count, int[] magic) {
        for (int i = 0; i < count; i++) {
            if (magic[i] != ANY_BYTE && (head.get(i) & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the connectors can read this file's lines. */
    public boolean readable() {
        return this == NONE || this == GZIP;
    }

    /** Why a file compressed this way is not read, for the log: names the file and what is expected. */
    public String refusal(Path file) {
        return file + " is " + tool + "-compressed; only plain text and gzip are read (logrotate's default"
                + " compresscmd gzip); decompress it, or let logrotate use gzip";
    }
}
