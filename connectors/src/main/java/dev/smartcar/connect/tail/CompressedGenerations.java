package dev.smartcar.connect.tail;

import dev.smartcar.connect.TaskMetrics;
import dev.smartcar.connect.file.Compression;
import dev.smartcar.connect.file.FileIdentity;
import dev.smartcar.connect.file.Fingerprint;
import dev.smartcar.connect.file.Gunzip;
import dev.smartcar.connect.file.Line;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compressed files a tail pattern matches: generations that logrotate rotated and then compressed. Each is
 * recognised by its decompressed first bytes: the compressed form of a file still followed is not read (its lines
 * come from that file); one whose generation was already sent to its end is skipped; one sent in part resumes at
 * its committed offset inside the decompressed stream; any other is read decompressed from its start.
 */
final class CompressedGenerations implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompressedGenerations.class);
    /** Plain files recently read to their end and closed, remembered for their compressed form arriving late. */
    private static final int FINISHED_KEPT = 64;

    private final OffsetStorageReader offsets;
    private final TaskMetrics metrics;
    private final int maxLineBytes;
    private final int bufferBytes;
    private final Map<FileIdentity, CompressedGeneration> reading = new LinkedHashMap<>();
    /** Compressed files decided on and not to be looked at again (skipped, refused, or read to their end). */
    private final Set<FileIdentity> settled = new HashSet<>();
    private final Deque<Generation> finished = new ArrayDeque<>();

    CompressedGenerations(OffsetStorageReader offsets, TaskMetrics metrics, int maxLineBytes, int bufferBytes) {
        this.offsets = offsets;
        this.metrics = metrics;
        this.maxLineBytes = maxLineBytes;
        this.bufferBytes = bufferBytes;
    }

    boolean knows(FileIdentity identity) {
        return reading.containsKey(identity) || settled.contains(identity);
    }

    /** A plain file read to its end and closed: its compressed form, found later, holds nothing new. */
    void finished(Generation generation) {
        finished.addFirst(generation);
        while (finished.size() > FINISHED_KEPT) {
            finished.removeLast();
        }
    }

    /**
     * Decides on a compressed file the scan found; {@code followed} are the plain files followed now. When
     * {@code fromEnd} (the first scan with {@code tail.start.position} END) a generation not sent before is not read.
     */
    void track(Path path, Set<FileIdentity> seen, Collection<TailedFile> followed, boolean fromEnd) {
        try {
            FileIdentity identity = FileIdentity.of(path);
            if (!seen.add(identity) || settled.contains(identity)) {
                return;
            }
            CompressedGeneration known = reading.get(identity);
            if (known != null) {
                known.seen(true, path);
                return;
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            CompressedGeneration opened = null;
            try {
                opened = open(path, identity, channel, followed, fromEnd);
            } finally {
                if (opened == null) {
                    channel.close();
                }
            }
        } catch (NoSuchFileException gone) {
            log.debug("{} disappeared before it could be opened: {}", path, gone.getMessage());
        } catch (IOException e) {
            log.error("Cannot read compressed {}: {}; it is not read (until the task restarts)", path, e.toString());
            metrics.fileFailed();
            settleQuietly(path);
        }
    }

    /** The generation to read from {@code channel}, or null (then settled, or to be looked at again). */
    private CompressedGeneration open(Path path, FileIdentity identity, FileChannel channel,
                                      Collection<TailedFile> followed, boolean fromEnd) throws IOException {
        Compression compression = Compression.of(channel);
        if (!compression.readable()) {
            log.error("{}; it is not read", compression.refusal(path));
            metrics.fileFailed();
            settled.add(identity);
            return null;
        }
        Gunzip.Head head = Gunzip.head(channel, Fingerprint.MAX_BYTES);
        if (head.undecided(Fingerprint.MAX_BYTES)) {
            log.debug("{}: gzip is still writing its first bytes; looking again at the next scan", path);
            return null;
        }
        byte[] bytes = head.bytes();
        for (TailedFile file : followed) {
            if (file.compressedAs(bytes)) {
                log.info("{} is {} compressed; not read: its lines are read from {}", path, file.identity(),
                        file.path());
                skipped(identity);
                return null;
            }
            if (file.rewrittenFrom(bytes)) {
                log.debug("{} starts as {} did before it was truncated; looking again once that is handled", path,
                        file.path());
                return null;
            }
        }
        Fingerprint fingerprint = Fingerprint.of(bytes, Fingerprint.MAX_BYTES);
        Map<String, String> content = TailedFile.contentPartition(path.toAbsolutePath().getParent(), fingerprint);
        Map<String, String> partition = content != null ? content : TailedFile.partitionOf(identity);
        Long start = knownPosition(bytes, followed);
        if (start == null) {
            start = committedPosition(partition, bytes);
        }
        if (start == null && fromEnd) {
            log.info("{}: compressed, there when the task first started, and tail.start.position is END: not read",
                    path);
            skipped(identity);
            return null;
        }
        long from = start == null ? 0 : start;
        CompressedGeneration generation = new CompressedGeneration(path, identity, channel, partition, fingerprint,
                from, maxLineBytes, bufferBytes);
        reading.put(identity, generation);
        log.info("Reading compressed {} ({}) decompressed, from uncompressed byte {}{}", path, identity, from,
                start == null ? " (a generation not seen before)" : "");
        return generation;
    }

    /** Where a generation known in memory was read to: a plain file closed after its end, or an earlier content. */
    private Long knownPosition(byte[] head, Collection<TailedFile> followed) {
        for (Generation generation : finished) {
            Fingerprint f = generation.fingerprint();
            // Its whole beginning, so that a short file is not taken for another that starts alike.
            if ((f.complete() || f.length() == head.length) && f.length() > 0 && f.matches(head)) {
                return generation.position();
            }
        }
        for (TailedFile file : followed) {
            for (Generation generation : file.earlier()) {
                if (generation.fingerprint().length() > 0 && generation.fingerprint().matches(head)) {
                    return generation.position();
                }
            }
        }
        return null;
    }

    /** The committed position of this content, if the stored offset is for it. */
    private Long committedPosition(Map<String, String> partition, byte[] head) {
        Map<String, Object> committed = offsets.offset(partition);
        if (committed == null) {
            return null;
        }
        Fingerprint stored = Fingerprint.decode(committed.get(TailedFile.OFFSET_FINGERPRINT));
        Object position = committed.get(TailedFile.OFFSET_POSITION);
        return stored != null && stored.matches(head) && position instanceof Number p ? p.longValue() : null;
    }

    private void skipped(FileIdentity identity) {
        settled.add(identity);
        metrics.fileSkipped();
    }

    private void settleQuietly(Path path) {
        try {
            settled.add(FileIdentity.of(path));
        } catch (IOException gone) {
            // nothing to remember
        }
    }

    /** After a scan: forgets files no longer there (their inodes may be reused) and marks generations removed. */
    void scanned(Set<FileIdentity> seen) {
        settled.retainAll(seen);
        for (CompressedGeneration generation : reading.values()) {
            generation.seen(seen.contains(generation.identity()), generation.path());
        }
    }

    /**
     * Reads the generations' lines into {@code batch} (up to {@code max} records), oldest first; closes each at its
     * end. {@code add} turns a line into a record.
     */
    void read(List<SourceRecord> batch, int max, BiConsumer<CompressedGeneration, Line> add) {
        Iterator<CompressedGeneration> it = reading.values().iterator();
        while (it.hasNext() && batch.size() < max) {
            CompressedGeneration generation = it.next();
            try {
                Line line;
                while (batch.size() < max && (line = generation.next()) != null) {
                    add.accept(generation, line);
                }
                if (batch.size() >= max) {
                    return;
                }
                if (generation.ended()) {
                    Line rest = generation.remainder();
                    if (rest != null) {
                        add.accept(generation, rest);
                    }
                    done(generation);
                    it.remove();
                } else if (generation.gone()) {
                    log.warn("{} was removed before it was read to its end (at uncompressed byte {}{})",
                            generation.path(), generation.position(),
                            generation.cutShort() ? ", where it ended before its gzip trailer" : "");
                    metrics.fileFailed();
                    it.remove();
                    generation.close();
                }
            } catch (IOException e) {
                log.error("Cannot read compressed {}: {}; its lines after uncompressed byte {} are not sent",
                        generation.path(), e.toString(), generation.position());
                metrics.fileFailed();
                settled.add(generation.identity());
                it.remove();
                closeQuietly(generation);
            }
        }
    }

    private void done(CompressedGeneration generation) throws IOException {
        settled.add(generation.identity());
        generation.close();
        if (generation.sentBefore()) {
            log.info("{} ({}): a compressed generation already sent to its end; skipped", generation.path(),
                    generation.identity());
            metrics.fileSkipped();
        } else {
            log.info("Closed compressed {} ({}): read to its end", generation.path(), generation.identity());
            metrics.fileDone();
        }
    }

    private static void closeQuietly(CompressedGeneration generation) {
        try {
            generation.close();
        } catch (IOException e) {
            log.debug("Closing {}: {}", generation.path(), e.toString());
        }
    }

    @Override
    public void close() {
        reading.values().forEach(CompressedGenerations::closeQuietly);
        reading.clear();
    }
}
