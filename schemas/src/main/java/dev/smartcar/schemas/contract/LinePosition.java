package dev.smartcar.schemas.contract;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a raw line came from — its file, 1-based line number and byte offset — as the one binary header
 * {@value HeaderNames#POSITION} the file sources put on every line (docs/contract.md §Headers). One header instead
 * of three text ones: the worker copies its bytes as they are (no header conversion), and the app reads the file
 * without parsing numbers. Layout, big-endian:
 * <pre>
 *   byte 0       format version, 1
 *   bytes 1-8    byte offset of the line's first byte in the file (int64)
 *   bytes 9-16   1-based line number in the file, 0 when unknown (the tail source may start mid-file) (int64)
 *   bytes 17-    the file's path, UTF-8 (where the file was when the line was read)
 * </pre>
 */
public record LinePosition(String file, long line, long offset) {

    /** The only format version so far. */
    public static final byte VERSION = 1;
    private static final int PATH_START = 17;

    /** The path's UTF-8 bytes, computed once per file by a writer and handed to {@link #encode(byte[], long, long)}. */
    public static byte[] pathBytes(String file) {
        return file.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value for a line of the file whose path is {@code pathUtf8}. */
    public static byte[] encode(byte[] pathUtf8, long line, long offset) {
        byte[] out = new byte[PATH_START + pathUtf8.length];
        out[0] = VERSION;
        putLong(out, 1, offset);
        putLong(out, 9, line);
        System.arraycopy(pathUtf8, 0, out, PATH_START, pathUtf8.length);
        return out;
    }

    public byte[] encode() {
        return encode(pathBytes(file), line, offset);
    }

    /**
     * Reads a header value.
     *
     * @throws IllegalArgumentException naming what is wrong, when the value is not a version-1 position
     */
    public static LinePosition decode(byte[] value) {
        check(value);
        return new LinePosition(new String(value, PATH_START, value.length - PATH_START, StandardCharsets.UTF_8),
                getLong(value, 9), getLong(value, 1));
    }

    /** The file's path alone (for counting lines per file without reading the numbers). */
    public static String file(byte[] value) {
        check(value);
        return new String(value, PATH_START, value.length - PATH_START, StandardCharsets.UTF_8);
    }

    /** Whether two header values name the same file: a cheap test before decoding the path again. */
    public static boolean sameFile(byte[] a, byte[] b) {
        return a.length == b.length && a.length >= PATH_START
                && Arrays.equals(a, PATH_START, a.length, b, PATH_START, b.length);
    }

    /** Whether the value is a position this code can read. */
    public static boolean isValid(byte[] value) {
        return value != null && value.length >= PATH_START && value[0] == VERSION;
    }

    private static void check(byte[] value) {
        if (value == null || value.length < PATH_START) {
            throw new IllegalArgumentException("header " + HeaderNames.POSITION + ": "
                    + (value == null ? "no value" : value.length + " bytes") + ", expected at least " + PATH_START
                    + " (version, offset, line, path)");
        }
        if (value[0] != VERSION) {
            throw new IllegalArgumentException("header " + HeaderNames.POSITION + ": format version " + value[0]
                    + ", expected " + VERSION);
        }
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }
}
