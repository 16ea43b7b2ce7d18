package dev.smartcar.connect.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at {@code \n}, keeping at most {@code maxLineBytes} of any line in memory (the
 * rest of an over-long line is skipped and only counted). Works on a growing file: when the stream has no more
 * bytes for now, {@link #next()} returns null and keeps the partial line, and a later call continues it.
 */
public final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer;
    private int pos;
    private int limit;

    private byte[] pending = new byte[256];
    private int pendingKept;
    private long pendingLength;
    private long lineStart;
    private long lineNumber;

    /**
     * @param in            the stream, already positioned at {@code startOffset}
     * @param startOffset   byte position of the stream's next byte in the file
     * @param startLine     number of lines before {@code startOffset}
     * @param maxLineBytes  the most bytes kept of one line
     * @param bufferBytes   read buffer size
     */
    public LineReader(InputStream in, long startOffset, long startLine, int maxLineBytes, int bufferBytes) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive, was " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.buffer = new byte[bufferBytes];
        this.lineStart = startOffset;
        this.lineNumber = startLine;
    }

    /** The next complete line, or null if the stream has none right now. */
    public Line next() throws IOException {
        while (true) {
            if (pos < limit) {
                int newline = indexOfNewline(buffer, pos, limit);
                if (newline >= 0) {
                    return completeLine(newline);
                }
                keep(buffer, pos, limit - pos);
                pos = limit;
            }
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return null;
            }
            pos = 0;
            limit = n;
        }
    }

    /**
     * The bytes after the last newline as a final, unterminated line, or null if there are none. Call it only
     * when the input is known to be finished (a spooled file at its end, a rotated-away file).
     */
    public Line remainder() {
        if (pendingLength == 0) {
            return null;
        }
        Line line = new Line(Arrays.copyOf(pending, pendingKept), ++lineNumber, lineStart,
                lineStart + pendingLength, pendingLength, false);
        lineStart += pendingLength;
        pendingKept = 0;
        pendingLength = 0;
        return line;
    }

    /** Byte position where the next line starts: everything before it has been returned. */
    public long position() {
        return lineStart;
    }

    /** Lines returned so far, plus the starting count. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Bytes of an incomplete line held back (including skipped bytes of an over-long one). */
    public long pendingLength() {
        return pendingLength;
    }

    private Line completeLine(int newline) {
        int segment = newline - pos;
        byte[] bytes;
        long length = pendingLength + segment;
        if (pendingLength == 0) {
            // The common case: the whole line is in the buffer; one copy.
            bytes = Arrays.copyOfRange(buffer, pos, pos + Math.min(segment, maxLineBytes));
        } else {
            keep(buffer, pos, segment);
            bytes = Arrays.copyOf(pending, pendingKept);
        }
        pos = newline + 1;
        Line line = new Line(bytes, ++lineNumber, lineStart, lineStart + length + 1, length, true);
        lineStart += length + 1;
        pendingKept = 0;
        pendingLength = 0;
        return line;
    }

    private void keep(byte[] source, int from, int count) {
        int room = maxLineBytes - pendingKept;
        int kept = Math.min(room, count);
        if (kept > 0) {
            if (pendingKept + kept > pending.length) {
                pending = Arrays.copyOf(pending, Math.min(maxLineBytes, Math.max(pending.length * 2, pendingKept
                        + kept)));
            }
            System.arraycopy(source, from, pending, pendingKept, kept);
            pendingKept += kept;
        }
        pendingLength += count;
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
