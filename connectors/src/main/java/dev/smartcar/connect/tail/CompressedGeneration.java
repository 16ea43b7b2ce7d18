package dev.smartcar.connect.tail;

import dev.smartcar.connect.file.FileIdentity;
import dev.smartcar.connect.file.Fingerprint;
import dev.smartcar.connect.file.Gunzip;
import dev.smartcar.connect.file.Line;
import dev.smartcar.connect.file.LineReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;

/**
 * A rotated generation that logrotate compressed ({@code compress}): read decompressed, once, to its end. Its
 * offsets count uncompressed bytes and go to the partition the generation had before it was compressed (its content
 * partition, see {@link TailedFile#contentPartition}), so a generation sent only in part before the worker went down
 * resumes inside the decompressed stream. A file gzip is still writing is read as far as it goes and then again
 * when it grows.
 */
final class CompressedGeneration implements AutoCloseable {

    private Path path;
    private final FileIdentity identity;
    private final FileChannel channel;
    private final Map<String, String> partition;
    private final String encodedFingerprint;
    private final long start;
    private final ResumingInput input;
    private final LineReader reader;
    private boolean seen = true;

    CompressedGeneration(Path path, FileIdentity identity, FileChannel channel, Map<String, String> partition,
                         Fingerprint fingerprint, long start, int maxLineBytes, int bufferBytes) {
        this.path = path;
        this.identity = identity;
        this.channel = channel;
        this.partition = partition;
        this.encodedFingerprint = fingerprint.encode();
        this.start = start;
        this.input = new ResumingInput(start);
        this.reader = new LineReader(input, start, 0, maxLineBytes, bufferBytes);
    }

    /** The next complete line, or null when there is none right now (or any more). */
    Line next() throws IOException {
        return reader.next();
    }

    /** Whether the whole decompressed stream was read (its gzip trailer reached). */
    boolean ended() {
        return input.ended;
    }

    /** Whether nothing was there to send: the generation had been sent to its end before. */
    boolean sentBefore() {
        return reader.position() == start && reader.pendingLength() == 0;
    }

    /** The unterminated last line, once {@link #ended()}. */
    Line remainder() {
        return reader.remainder();
    }

    /** Whether the file ends before its gzip trailer right now: still being written, or cut short. */
    boolean cutShort() {
        return input.pausedAtSize >= 0;
    }

    Map<String, Object> offsetAfter(Line line) {
        return Map.of(TailedFile.OFFSET_POSITION, line.nextOffset(), TailedFile.OFFSET_FINGERPRINT,
                encodedFingerprint);
    }

    Map<String, String> partition() {
        return partition;
    }

    Path path() {
        return path;
    }

    FileIdentity identity() {
        return identity;
    }

    long position() {
        return reader.position();
    }

    /** Marks whether the last scan found the file under a pattern. */
    void seen(boolean found, Path at) {
        seen = found;
        if (found) {
            path = at;
        }
    }

    boolean gone() {
        return !seen;
    }

    @Override
    public void close() throws IOException {
        try (FileChannel c = channel) {
            input.pause(-1);
        }
    }

    /**
     * The decompressed bytes for the line reader. When the file ends before its gzip trailer the stream has no more
     * bytes for now; once the file has grown, it is decompressed again from its start up to the bytes already handed
     * over, and goes on from there.
     */
    private final class ResumingInput extends InputStream {

        private InputStream gz;
        private long delivered;
        private long pausedAtSize = -1;
        private boolean ended;

        ResumingInput(long start) {
            this.delivered = start;
        }

        @Override
        public int read(byte[] bytes, int off, int len) throws IOException {
            if (ended || (pausedAtSize >= 0 && channel.size() == pausedAtSize)) {
                return -1;
            }
            try {
                if (gz == null) {
                    gz = Gunzip.from(channel);
                    long skipped = Gunzip.skip(gz, delivered);
                    if (skipped < delivered) {
                        throw new IOException("the committed offset " + delivered + " lies beyond the end of the"
                                + " decompressed " + path + " (" + skipped + " bytes): it is not the generation"
                                + " those offsets were written for");
                    }
                    pausedAtSize = -1;
                }
                int n = gz.read(bytes, off, len);
                if (n < 0) {
                    ended = true;
                    pause(-1);
                    return -1;
                }
                delivered += n;
                return n;
            } catch (EOFException cutShort) {
                pause(channel.size());
                return -1;
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) > 0 ? one[0] & 0xff : -1;
        }

        void pause(long size) throws IOException {
            pausedAtSize = size;
            if (gz != null) {
                InputStream closing = gz;
                gz = null;
                closing.close();
            }
        }
    }
}
