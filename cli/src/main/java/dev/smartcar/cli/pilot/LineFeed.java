package dev.smartcar.cli.pilot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.SeekableByteChannel;
import java.nio.ByteBuffer;
import java.nio.file.StandardOpenOption;

/**
 * Reads a file that is still growing from a byte position on, handing each complete line (without its
 * {@code \n}) to a {@link LineTally}; a partial last line waits for its newline. Used for the driving log the
 * simulator appends to, and for whole files.
 */
public final class LineFeed {

    private final Path file;
    private final LineTally tally;
    private long position;
    private byte[] pending = new byte[256];
    private int pendingLength;

    public LineFeed(Path file, long startPosition, LineTally tally) {
        this.file = file;
        this.position = startPosition;
        this.tally = tally;
    }

    /** Reads what was appended since the last call; returns the number of complete lines handed on. */
    public long poll() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        long before = tally.lines();
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ)) {
            if (ch.size() < position) {
                throw new IOException(file + " shrank below byte " + position
                        + " (rotated or truncated during the run)");
            }
            ch.position(position);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            int n;
            while ((n = ch.read(buf)) > 0) {
                position += n;
                consume(buf.array(), n);
                buf.clear();
            }
        }
        return tally.lines() - before;
    }

    private void consume(byte[] b, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] == '\n') {
                if (pendingLength == 0) {
                    tally.add(b, start, i - start);
                } else {
                    append(b, start, i - start);
                    tally.add(pending, 0, pendingLength);
                    pendingLength = 0;
                }
                start = i + 1;
            }
        }
        append(b, start, n - start);
    }

    private void append(byte[] b, int off, int len) {
        if (len == 0) {
            return;
        }
        if (pendingLength + len > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + len));
        }
        System.arraycopy(b, off, pending, pendingLength, len);
        pendingLength += len;
    }

    /** Bytes of a last line without a newline (the tail source would send it once terminated). */
    public int unterminatedBytes() {
        return pendingLength;
    }

    public long position() {
        return position;
    }

    /** Reads a whole, finished file. */
    public static void readAll(Path file, LineTally tally) throws IOException {
        LineFeed feed = new LineFeed(file, 0, tally);
        feed.poll();
        if (feed.pendingLength > 0) {
            // A file ending without a newline: its last line is still a line (the spool source sends it).
            tally.add(feed.pending, 0, feed.pendingLength);
            feed.pendingLength = 0;
        }
    }
}
