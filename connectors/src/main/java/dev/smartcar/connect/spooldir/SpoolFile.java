package dev.smartcar.connect.spooldir;

import dev.smartcar.connect.file.FileIdentity;
import dev.smartcar.connect.file.Fingerprint;
import dev.smartcar.connect.file.SubmittedOffsets;
import dev.smartcar.connect.file.Line;
import dev.smartcar.connect.file.LineReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * One spooled file from opening to finishing: its reader while lines remain, then a count of records Kafka has
 * not yet acknowledged. It may be finished only when it is fully read and that count is zero.
 */
final class SpoolFile implements AutoCloseable {

    static final String PARTITION_FILE = SubmittedOffsets.PARTITION_FILE;
    static final String OFFSET_POSITION = "position";
    static final String OFFSET_LINE = "line";
    static final String OFFSET_FINGERPRINT = "fingerprint";

    private final Path path;
    private final FileIdentity identity;
    private final Map<String, String> partition;
    private final String fingerprint;
    private final AtomicLong unacknowledged = new AtomicLong();
    private InputStream in;
    private LineReader reader;
    private volatile boolean fullyRead;

    private SpoolFile(Path path, FileIdentity identity, String fingerprint) {
        this.path = path;
        this.identity = identity;
        this.partition = partitionOf(identity);
        this.fingerprint = fingerprint;
    }

    static Map<String, String> partitionOf(FileIdentity identity) {
        return Map.of(PARTITION_FILE, identity.key());
    }

    /**
     * Opens the file at the committed offset, if {@code committed} belongs to this very file (same fingerprint);
     * otherwise at its start.
     */
    static SpoolFile open(SpoolCandidate candidate, Map<String, Object> committed, int maxLineBytes,
                          int bufferBytes) throws IOException {
        Path path = candidate.path();
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            Fingerprint fingerprint = Fingerprint.of(channel, Fingerprint.MAX_BYTES);
            long position = 0;
            long line = 0;
            if (committed != null) {
                Fingerprint stored = Fingerprint.decode(committed.get(OFFSET_FINGERPRINT));
                if (stored != null && stored.matches(channel)) {
                    position = ((Number) committed.get(OFFSET_POSITION)).longValue();
                    line = ((Number) committed.get(OFFSET_LINE)).longValue();
                }
            }
            SpoolFile file = new SpoolFile(path, candidate.identity(), fingerprint.encode());
            file.in = gzip(channel) ? gunzipFrom(channel, position, path) : rawFrom(channel, position, path);
            file.reader = new LineReader(file.in, position, line, maxLineBytes, bufferBytes);
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static boolean gzip(FileChannel channel) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(2);
        channel.read(magic, 0);
        return magic.position() == 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b;
    }

    private static InputStream rawFrom(FileChannel channel, long position, Path path) throws IOException {
        long size = channel.size();
        if (position > size) {
            throw new IOException("the committed offset " + position + " lies beyond the end of " + path
                    + " (" + size + " bytes): the file was changed after it was read");
        }
        channel.position(position);
        return Channels.newInputStream(channel);
    }

    private static InputStream gunzipFrom(FileChannel channel, long position, Path path) throws IOException {
        channel.position(0);
        InputStream in = new GZIPInputStream(new BufferedInputStream(Channels.newInputStream(channel), 65536), 65536);
        // Offsets count uncompressed bytes, so resuming means decompressing up to the offset again.
        long skipped = skip(in, position);
        if (skipped < position) {
            in.close();
            throw new IOException("the committed offset " + position + " lies beyond the end of the "
                    + "decompressed " + path + " (" + skipped + " bytes): the file was changed after it was read");
        }
        return in;
    }

    private static long skip(InputStream in, long count) throws IOException {
        long total = 0;
        while (total < count) {
            long n = in.skip(count - total);
            if (n <= 0) {
                if (in.read() < 0) {
                    break;
                }
                n = 1;
            }
            total += n;
        }
        return total;
    }

    Line nextLine() throws IOException {
        Line line = reader.next();
        return line != null ? line : reader.remainder();
    }

    Map<String, String> partition() {
        return partition;
    }

    Map<String, Object> offsetAfter(Line line) {
        return Map.of(OFFSET_POSITION, line.nextOffset(), OFFSET_LINE, line.number(),
                OFFSET_FINGERPRINT, fingerprint);
    }

    Path path() {
        return path;
    }

    FileIdentity identity() {
        return identity;
    }

    void sent() {
        unacknowledged.incrementAndGet();
    }

    void acknowledged() {
        unacknowledged.decrementAndGet();
    }

    void markFullyRead() throws IOException {
        fullyRead = true;
        close();
    }

    boolean finishable() {
        return fullyRead && unacknowledged.get() <= 0;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
            in = null;
        }
    }
}
