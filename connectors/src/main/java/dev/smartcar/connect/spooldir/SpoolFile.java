package dev.smartcar.connect.spooldir;

import dev.smartcar.connect.file.Compression;
import dev.smartcar.connect.file.FileIdentity;
import dev.smartcar.connect.file.Fingerprint;
import dev.smartcar.connect.file.Gunzip;
import dev.smartcar.connect.file.SubmittedOffsets;
import dev.smartcar.connect.file.Line;
import dev.smartcar.connect.file.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

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
    private FileChannel channel;
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
            file.channel = channel;
            file.in = switch (Compression.of(channel)) {
                case NONE -> rawFrom(channel, position, path);
                // Offsets count uncompressed bytes, so resuming means decompressing up to the offset again.
                case GZIP -> Gunzip.from(channel, position, path);
                default -> throw new IOException(Compression.of(channel).refusal(path));
            };
            file.reader = new LineReader(file.in, position, line, maxLineBytes, bufferBytes);
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
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
            try (FileChannel c = channel) {
                in.close();
            }
            in = null;
        }
    }
}
