package dev.smartcar.connect.tail;

import dev.smartcar.connect.file.Compression;
import dev.smartcar.connect.file.FileIdentity;
import dev.smartcar.connect.file.Fingerprint;
import dev.smartcar.connect.file.SubmittedOffsets;
import dev.smartcar.connect.file.Line;
import dev.smartcar.connect.file.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A followed file, held open by its channel so that it can still be read to its end after a rename or delete.
 * Detects copy-truncate (the file got shorter than what was read, or its first bytes changed), before reading and
 * after every read, and then starts over at byte 0.
 */
final class TailedFile implements AutoCloseable {

    static final String PARTITION_FILE = SubmittedOffsets.PARTITION_FILE;
    static final String OFFSET_POSITION = "position";
    static final String OFFSET_FINGERPRINT = "fingerprint";
    static final String OFFSET_EARLIER = "earlier";

    private final FileIdentity identity;
    private final Map<String, String> partition;
    /** Where the file was opened: its content partition is scoped to it. */
    private final Path directory;
    private Map<String, String> contentPartition;
    private final FileChannel channel;
    private final int maxLineBytes;
    private final int bufferBytes;
    private Path path;
    private LineReader reader;
    private Fingerprint fingerprint;
    private String encodedFingerprint;
    /** Set while its first bytes could still be a compression's magic (a file gzip has just created). */
    private boolean compressionUndecided;
    /** Set when a read found the file rewritten since the last check; the read was undone. */
    private boolean rewrittenWhileReading;
    private long detachedSince = -1;
    private long lastGrowth;
    /** Set while this file is a copy of a followed file that has not been truncated yet: not read meanwhile. */
    private FileIdentity copyOf;
    /** Earlier contents (before copy-truncates), newest first, at most {@link Generation#KEPT}. */
    private List<Generation> earlier = new ArrayList<>();
    private String encodedEarlier = "";

    private TailedFile(Path path, FileIdentity identity, FileChannel channel, int maxLineBytes, int bufferBytes,
                       long now) {
        this.path = path;
        this.identity = identity;
        this.partition = partitionOf(identity);
        this.directory = path.toAbsolutePath().getParent();
        this.channel = channel;
        this.maxLineBytes = maxLineBytes;
        this.bufferBytes = bufferBytes;
        this.lastGrowth = now;
    }

    static Map<String, String> partitionOf(FileIdentity identity) {
        return Map.of(PARTITION_FILE, identity.key());
    }

    /**
     * The partition of a content rather than of an inode: {@code <directory>#<fingerprint>}, for a file whose first
     * {@link Fingerprint#MAX_BYTES} bytes are written. gzip writes a generation into a new inode, so its offsets are
     * found again by its (decompressed) first bytes; a rename or a copy keeps them too. Scoped to the directory so
     * that files elsewhere that start alike (a common banner) never share offsets. Null while the file is shorter:
     * its lines go to its inode's partition.
     */
    static Map<String, String> contentPartition(Path directory, Fingerprint fingerprint) {
        return fingerprint.complete() ? Map.of(PARTITION_FILE, directory + "#" + fingerprint.encode()) : null;
    }

    /**
     * Opens a file at its committed offset when that offset belongs to it (same fingerprint, not beyond its end);
     * otherwise at its beginning, or after its last complete line when {@code fromEnd}.
     */
    static TailedFile open(Path path, FileIdentity identity, Map<String, Object> committed, boolean fromEnd,
                           int maxLineBytes, int bufferBytes, long now) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            // The identity was read before (and the offset lookup between can take a while): if the name was
            // rotated meanwhile, the channel is another file's, and following it under this identity would skip
            // the rotated file. The next scan finds both under their current names.
            if (!identity.equals(FileIdentity.of(path))) {
                throw new NoSuchFileException(path.toString(), null, "no longer names " + identity);
            }
            TailedFile file = new TailedFile(path, identity, channel, maxLineBytes, bufferBytes, now);
            file.compressionUndecided = Compression.undecided(channel);
            long start = fromEnd ? afterLastNewline(channel) : 0;
            if (committed != null) {
                Fingerprint stored = Fingerprint.decode(committed.get(OFFSET_FINGERPRINT));
                Object position = committed.get(OFFSET_POSITION);
                if (stored != null && position instanceof Number p && p.longValue() <= channel.size()
                        && stored.matches(channel)) {
                    start = p.longValue();
                    file.setEarlier(Generation.decodeAll(committed.get(OFFSET_EARLIER)));
                } else {
                    start = 0;
                }
            }
            file.startAt(start);
            return file;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void startAt(long position) throws IOException {
        channel.position(position);
        rewrittenWhileReading = false;
        reader = new LineReader(new CheckedInput(), position, 0, maxLineBytes, bufferBytes);
        refreshFingerprint();
    }

    private void refreshFingerprint() throws IOException {
        fingerprint = Fingerprint.of(channel, Fingerprint.MAX_BYTES);
        encodedFingerprint = fingerprint.encode();
        contentPartition = contentPartition(directory, fingerprint);
    }

    /**
     * Opens a file that is a copy of followed file {@code original} (a copy-truncate in progress): it is not read
     * until the original is truncated, and then from where the original had been read ({@link #resumeCopyAt}).
     */
    static TailedFile openCopy(Path path, FileIdentity identity, FileIdentity original, int maxLineBytes,
                               int bufferBytes, long now) throws IOException {
        TailedFile file = open(path, identity, null, false, maxLineBytes, bufferBytes, now);
        file.copyOf = original;
        return file;
    }

    FileIdentity copyOf() {
        return copyOf;
    }

    /** The original was truncated after {@code position} bytes had been read from it: go on from there. */
    void resumeCopyAt(long position) throws IOException {
        copyOf = null;
        startAt(Math.min(position, channel.size()));
    }

    /** Whether this file's first bytes are those of {@code earlier} (so it is a copy of that content). */
    boolean startsLike(Fingerprint earlier) throws IOException {
        return earlier.length() > 0 && earlier.matches(channel);
    }

    /** How a new file's beginning compares with a followed file's: a copy of it, another file, or too short to tell. */
    enum Likeness { COPY, OTHER, UNDECIDED }

    /**
     * Whether this new file is a copy of followed file {@code original}'s content. It must start with the bytes of
     * the original's stored fingerprint, and — since that may cover only the few bytes the original had when it
     * was last read, which a new generation after a rename can share by chance (the same minute's timestamp) —
     * also with as many of the original's first bytes as both files have now. While that common beginning is
     * shorter than a fingerprint and holds no whole line, it cannot tell a copy from a new file: UNDECIDED.
     */
    Likeness likeness(TailedFile original) throws IOException {
        Fingerprint stored = original.fingerprint;
        if (stored.length() == 0 || !stored.matches(channel)) {
            return Likeness.OTHER;
        }
        if (!stored.matches(original.channel)) {
            return Likeness.COPY;   // the original was rewritten since: the stored fingerprint is all there is
        }
        int common = (int) Math.min(Fingerprint.MAX_BYTES, Math.min(channel.size(), original.channel.size()));
        if (!Fingerprint.of(channel, common).equals(Fingerprint.of(original.channel, common))) {
            return Likeness.OTHER;
        }
        return common < Fingerprint.MAX_BYTES && !hasNewline(common) ? Likeness.UNDECIDED : Likeness.COPY;
    }

    private boolean hasNewline(int within) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(within);
        channel.read(buffer, 0);
        for (int i = 0; i < buffer.position(); i++) {
            if (buffer.get(i) == '\n') {
                return true;
            }
        }
        return false;
    }

    /** What a file turned out to be that was found too short to tell plain text from a compressed file. */
    enum Content { UNDECIDED, PLAIN, COMPRESSED }

    /**
     * Whether the file can be read as text yet: a file found while its first bytes could still become a
     * compression's magic (an empty file may be a .gz gzip is about to write) is looked at again until they cannot.
     */
    Content content() throws IOException {
        if (!compressionUndecided) {
            return Content.PLAIN;
        }
        if (Compression.undecided(channel)) {
            return Content.UNDECIDED;
        }
        compressionUndecided = false;
        return Compression.of(channel) == Compression.NONE ? Content.PLAIN : Content.COMPRESSED;
    }

    /** Whether the file was truncated or rewritten (copy-truncate) since it was last read. */
    boolean truncated() throws IOException {
        if (rewrittenWhileReading || !sameContent()) {
            return true;
        }
        if (!fingerprint.complete() && channel.size() > fingerprint.length()) {
            refreshFingerprint();
        }
        return false;
    }

    /** Whether a read, not the check before it, found the truncation (it is then undone); for the log. */
    boolean truncationFoundByRead() {
        return rewrittenWhileReading;
    }

    /** Still the content that was read so far: at least as long, and starting with the fingerprinted bytes. */
    private boolean sameContent() throws IOException {
        return channel.size() >= channel.position() && fingerprint.matches(channel);
    }

    /**
     * The channel's bytes for the line reader, each read checked after it returns. The task checks the file and
     * then reads it; a copy-truncate in between, with new writes past the read position, would hand over bytes
     * of the new content as the old content's next lines, and move the position its copy resumes from past old
     * lines that were never sent. Such a read is undone and ends the reading for now; the next check restarts.
     */
    private final class CheckedInput extends InputStream {

        @Override
        public int read(byte[] bytes, int off, int len) throws IOException {
            if (rewrittenWhileReading) {
                return -1;
            }
            long before = channel.position();
            int n = channel.read(ByteBuffer.wrap(bytes, off, len));
            if (n > 0 && !sameContent()) {
                channel.position(before);
                rewrittenWhileReading = true;
                return -1;
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) > 0 ? one[0] & 0xff : -1;
        }
    }

    /**
     * Starts over at byte 0 after a truncation. Returns the partial line held from before it (null if none);
     * the caller emits it, flagged as unterminated, so nothing disappears silently.
     */
    Line restart() throws IOException {
        rememberGeneration();
        Line held = reader.remainder();
        startAt(0);
        return held;
    }

    /** Like {@link #restart()}, but drops the partial line: a copy of the file holds it whole. */
    void restartDroppingPartial() throws IOException {
        rememberGeneration();
        startAt(0);
    }

    private void rememberGeneration() {
        List<Generation> updated = new ArrayList<>();
        updated.add(new Generation(fingerprint, reader.position()));
        updated.addAll(earlier.subList(0, Math.min(earlier.size(), Generation.KEPT - 1)));
        setEarlier(updated);
    }

    private void setEarlier(List<Generation> generations) {
        earlier = generations;
        encodedEarlier = Generation.encodeAll(generations);
    }

    /** The file's earlier contents, newest first. */
    List<Generation> earlier() {
        return earlier;
    }

    /** The next complete line, or null when the file has none right now. */
    Line next(long now) throws IOException {
        Line line = reader.next();
        if (line != null) {
            lastGrowth = now;
        }
        return line;
    }

    /** The partial last line, if any, for a file that is being closed for good. */
    Line remainder() {
        return reader.remainder();
    }

    Map<String, Object> offsetAfter(Line line) {
        if (encodedEarlier.isEmpty()) {
            return Map.of(OFFSET_POSITION, line.nextOffset(), OFFSET_FINGERPRINT, encodedFingerprint);
        }
        return Map.of(OFFSET_POSITION, line.nextOffset(), OFFSET_FINGERPRINT, encodedFingerprint,
                OFFSET_EARLIER, encodedEarlier);
    }

    /** Its content's partition once its first KiB is written, before that its inode's. */
    Map<String, String> partition() {
        return contentPartition != null ? contentPartition : partition;
    }

    /** Its current content's partition, or null while it is shorter than a complete fingerprint. */
    Map<String, String> contentPartition() {
        return contentPartition;
    }

    /** How its content starts (as it is now) and how far it was read: what a compressed form is matched with. */
    Generation current() throws IOException {
        return new Generation(Fingerprint.of(channel, Fingerprint.MAX_BYTES), reader.position());
    }

    /**
     * Whether {@code head} starts as this file's content did when last checked, which the file no longer does: a
     * truncation (copy-truncate) not yet handled. Its compressed copy is decided on once it is.
     */
    boolean rewrittenFrom(byte[] head) throws IOException {
        return fingerprint.length() > 0 && fingerprint.matches(head) && !fingerprint.matches(channel);
    }

    /**
     * Whether the decompressed {@code head} of a compressed file is this file's current content: they agree on every
     * byte both have, and that is either a whole fingerprint or both whole beginnings (the same length), so that a
     * new file that shares a short beginning by chance (the same minute's timestamp) is not taken for it.
     */
    boolean compressedAs(byte[] head) throws IOException {
        int own = (int) Math.min(Fingerprint.MAX_BYTES, channel.size());
        int common = Math.min(own, head.length);
        if (common == 0 || !Fingerprint.of(channel, common).equals(Fingerprint.of(head, common))) {
            return false;
        }
        return common == Fingerprint.MAX_BYTES || own == head.length;
    }

    FileIdentity identity() {
        return identity;
    }

    Path path() {
        return path;
    }

    /** Seen again under a pattern (possibly renamed within it). */
    void seenAt(Path current) {
        path = current;
        detachedSince = -1;
    }

    /** No pattern matches it any more: renamed away or deleted. */
    void detached(long now) {
        if (detachedSince < 0) {
            detachedSince = now;
        }
    }

    boolean drained(long now, long drainMs) {
        return detachedSince >= 0 && now - Math.max(detachedSince, lastGrowth) >= drainMs;
    }

    /** Where a committed offset after everything returned so far would point. */
    long position() {
        return reader.position();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Position just after the last newline, so a start "at the end" never begins in the middle of a line. */
    static long afterLastNewline(FileChannel channel) throws IOException {
        long end = channel.size();
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        while (end > 0) {
            long from = Math.max(0, end - chunk.capacity());
            chunk.clear().limit((int) (end - from));
            while (chunk.hasRemaining()) {
                if (channel.read(chunk, from + chunk.position()) < 0) {
                    break;
                }
            }
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }
}
