package dev.smartcar.connect.tail;

import dev.smartcar.connect.PluginVersion;
import dev.smartcar.connect.TaskMetrics;
import dev.smartcar.connect.file.Compression;
import dev.smartcar.connect.file.FileIdentity;
import dev.smartcar.connect.file.Fingerprint;
import dev.smartcar.connect.file.Line;
import dev.smartcar.connect.file.LineRecords;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows growing files and emits each complete line once. Files are tracked by identity (device + inode), not
 * by name, and read in the order they were discovered, so after a rename rotation the rest of the old file is
 * sent before the first line of the new one. A copy-truncate (the file shrinks or its first bytes change)
 * restarts the file at byte 0. When nothing arrives the task pauses 5 ms, doubling up to
 * {@code tail.poll.max.wait.ms}.
 */
public class TailSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(TailSourceTask.class);
    private static final long MIN_WAIT_MS = 5;

    private final Time time;
    private TailSourceConfig config;
    private List<TailPattern> patterns;
    private LineRecords records;
    private TaskMetrics metrics;
    private final Map<FileIdentity, TailedFile> files = new LinkedHashMap<>();
    private CompressedGenerations generations;
    private boolean firstScan = true;
    private boolean stopped;
    private long nextScan;
    private long waitMs = MIN_WAIT_MS;

    public TailSourceTask() {
        this(Time.SYSTEM);
    }

    /** For tests: a controllable clock and sleep. */
    public TailSourceTask(Time time) {
        this.time = time;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new TailSourceConfig(props);
        patterns = config.patterns();
        records = new LineRecords(config.topic(), false, config.keyField());
        metrics = TaskMetrics.forSource(context);
        generations = new CompressedGenerations(context.offsetStorageReader(), metrics, config.maxLineBytes(),
                config.readBufferBytes());
        firstScan = true;
        nextScan = time.milliseconds();
        log.info("Tail source task following {}", props.get(TailSourceConfig.FILES));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> batch = readBatch();
        if (batch == null) {
            return null;
        }
        if (batch.isEmpty()) {
            time.sleep(waitMs);
            waitMs = Math.min(waitMs * 2, config.maxWaitMs());
            return null;
        }
        waitMs = MIN_WAIT_MS;
        return batch;
    }

    /** One pass over the followed files; null once stopped. Synchronized with {@link #stop()}. */
    private synchronized List<SourceRecord> readBatch() {
        if (stopped) {
            return null;
        }
        long now = time.milliseconds();
        if (now >= nextScan) {
            scan(now);
            nextScan = now + config.scanIntervalMs();
        }
        List<SourceRecord> batch = new ArrayList<>();
        // Compressed generations first: rotated earlier, their lines come before those of the files now written.
        generations.read(batch, config.batchSize(),
                (generation, line) -> add(batch, generation.path(), generation.partition(),
                        generation.offsetAfter(line), line));
        Iterator<TailedFile> it = files.values().iterator();
        while (it.hasNext() && batch.size() < config.batchSize()) {
            TailedFile file = it.next();
            if (file.copyOf() != null) {
                continue;
            }
            try {
                TailedFile.Content content = file.content();
                if (content == TailedFile.Content.UNDECIDED) {
                    continue;
                }
                if (content == TailedFile.Content.COMPRESSED) {
                    // Found empty, as gzip had just created it: the next scan hands it to the compressed files.
                    log.info("{} ({}) turned out to be compressed; deciding on it as such", file.path(),
                            file.identity());
                    it.remove();
                    file.close();
                    continue;
                }
                if (file.truncated()) {
                    truncated(file, batch);
                }
                Line line;
                while (batch.size() < config.batchSize() && (line = file.next(now)) != null) {
                    add(batch, file, line);
                }
                if (batch.size() < config.batchSize() && file.drained(now, config.rotatedDrainMs())) {
                    add(batch, file, file.remainder());
                    generations.finished(file.current());
                    it.remove();
                    file.close();
                    // Copies waiting for this file to be truncated hold nothing it did not send.
                    releaseCopiesOf(file, file.position());
                    log.info("Closed {} ({}): rotated away and read to its end", file.path(), file.identity());
                    metrics.fileDone();
                }
            } catch (IOException e) {
                // Dropped; the next scan opens it again at its committed offset if it still exists.
                log.error("Cannot read {}: {}; re-opening it at its committed offset on the next scan",
                        file.path(), e.toString());
                metrics.fileFailed();
                it.remove();
                closeQuietly(file);
            }
        }
        return batch;
    }

    /**
     * A copy-truncate: the file starts over at byte 0. If the copy is followed too (the pattern matches it), it
     * takes over from where this file had been read, which also recovers lines written between our last read
     * and the truncation; otherwise the held partial line is sent, flagged, so nothing vanishes silently.
     */
    private void truncated(TailedFile file, List<SourceRecord> batch) throws IOException {
        long position = file.position();
        boolean foundByRead = file.truncationFoundByRead();
        boolean copyFollowed = releaseCopiesOf(file, position);
        if (copyFollowed) {
            file.restartDroppingPartial();
        } else {
            add(batch, file, file.restart());
        }
        log.warn("{} was truncated (copy-truncate rotation) after byte {}{}; reading it again from byte 0{}",
                file.path(), position, foundByRead ? " (found by a read, which was undone)" : "",
                copyFollowed ? "; its copy continues from there" : "");
    }

    private boolean releaseCopiesOf(TailedFile original, long position) throws IOException {
        boolean any = false;
        for (TailedFile copy : files.values()) {
            if (original.identity().equals(copy.copyOf())) {
                copy.resumeCopyAt(position);
                log.info("{} is a copy of {}; reading it from byte {}", copy.path(), original.path(), position);
                any = true;
            }
        }
        return any;
    }

    private void add(List<SourceRecord> batch, TailedFile file, Line line) {
        if (line != null) {
            add(batch, file.path(), file.partition(), file.offsetAfter(line), line);
        }
    }

    private void add(List<SourceRecord> batch, Path path, Map<String, String> partition, Map<String, Object> offset,
                     Line line) {
        batch.add(records.toRecord(line, path.toString(), partition, offset));
        metrics.lineRead();
        if (line.truncated()) {
            metrics.lineTruncated();
        }
    }

    /** Matches the patterns again: opens new files, follows renames, marks files that left the patterns. */
    private void scan(long now) {
        List<Path> matched = new ArrayList<>();
        for (TailPattern pattern : patterns) {
            if (!Files.isDirectory(pattern.directory())) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(pattern.directory(), pattern::matches)) {
                entries.forEach(matched::add);
            } catch (IOException e) {
                log.warn("Cannot list {}: {}", pattern.directory(), e.toString());
            }
        }
        // Oldest first: rotated files (written earlier) are read before the file that replaced them.
        matched.sort(Comparator.comparingLong(TailSourceTask::modified).thenComparing(Comparator.naturalOrder()));
        Set<FileIdentity> seen = new HashSet<>();
        List<Path> withoutOffset = new ArrayList<>();
        List<Path> compressedFiles = new ArrayList<>();
        for (Path path : matched) {
            if (!track(path, now, seen, false, compressedFiles)) {
                withoutOffset.add(path);
            }
        }
        // Files without a committed offset last, once the others' earlier contents are known (copies).
        for (Path path : withoutOffset) {
            track(path, now, seen, true, compressedFiles);
        }
        // Compressed files last, once every plain file they may be the compressed form of is followed.
        boolean fromEnd = firstScan && config.startPosition() == StartPosition.END;
        for (Path path : compressedFiles) {
            generations.track(path, seen, files.values(), fromEnd);
        }
        for (TailedFile file : files.values()) {
            if (!seen.contains(file.identity())) {
                file.detached(now);
            }
        }
        generations.scanned(seen);
        firstScan = false;
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Follows {@code path}; returns false (doing nothing) for a new file without offset unless {@code all}. A new
     * compressed file is added to {@code compressedFiles} for {@link CompressedGenerations#track}.
     */
    private boolean track(Path path, long now, Set<FileIdentity> seen, boolean all, List<Path> compressedFiles) {
        if (!Files.isRegularFile(path)) {
            return true;
        }
        try {
            FileIdentity identity = FileIdentity.of(path);
            if (seen.contains(identity)) {
                return true;
            }
            TailedFile known = files.get(identity);
            if (known != null) {
                seen.add(identity);
                known.seenAt(path);
                return true;
            }
            if (generations.knows(identity) || compressed(path)) {
                if (!compressedFiles.contains(path)) {
                    compressedFiles.add(path);
                }
                return true;
            }
            Map<String, Object> committed = committedOffset(path, identity);
            if (committed == null && !all) {
                return false;
            }
            seen.add(identity);
            boolean fromEnd = firstScan && config.startPosition() == StartPosition.END;
            TailedFile file = TailedFile.open(path, identity, committed, fromEnd, config.maxLineBytes(),
                    config.readBufferBytes(), now);
            if (committed == null && adoptAsCopy(file, path, identity, now)) {
                return true;
            }
            files.put(identity, file);
            log.info("Following {} ({}) from byte {}", path, identity, file.position());
        } catch (NoSuchFileException gone) {
            log.debug("{} disappeared or was rotated before it could be opened: {}", path, gone.getMessage());
        } catch (IOException e) {
            log.error("Cannot open {}: {}; will try again on the next scan", path, e.toString());
            metrics.fileFailed();
        }
        return true;
    }

    private static boolean compressed(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return Compression.of(channel) != Compression.NONE;
        }
    }

    /**
     * A new file's committed offset: its content's (once its first KiB is written, unless a followed file has that
     * content now: then it is a copy of that file, and the copy logic decides), else its inode's.
     */
    private Map<String, Object> committedOffset(Path path, FileIdentity identity) throws IOException {
        Map<String, String> content = TailedFile.contentPartition(path.toAbsolutePath().getParent(),
                Fingerprint.of(path));
        if (content != null && files.values().stream().noneMatch(f -> content.equals(f.contentPartition()))) {
            Map<String, Object> committed = context.offsetStorageReader().offset(content);
            if (committed != null) {
                return committed;
            }
        }
        return context.offsetStorageReader().offset(TailedFile.partitionOf(identity));
    }

    /**
     * A new file whose first bytes are those of a followed file is a copy made by copy-truncate rotation: it
     * must not send again what the original sent. Returns true when {@code file} was taken care of here.
     */
    private boolean adoptAsCopy(TailedFile file, Path path, FileIdentity identity, long now) throws IOException {
        // At the first scan the followed files' current contents are not copies' sources yet: only their
        // earlier contents (from the committed offsets) can be.
        for (TailedFile original : firstScan ? List.<TailedFile>of() : files.values()) {
            TailedFile.Likeness likeness = original.copyOf() == null ? file.likeness(original)
                    : TailedFile.Likeness.OTHER;
            if (likeness == TailedFile.Likeness.UNDECIDED) {
                // Too short to tell yet (mid-way through its first line): not followed; the next scan looks again.
                file.close();
                return true;
            }
            if (likeness == TailedFile.Likeness.COPY) {
                file.close();
                files.put(identity, TailedFile.openCopy(path, identity, original.identity(), config.maxLineBytes(),
                        config.readBufferBytes(), now));
                log.info("{} starts like {}: a copy-truncate copy, held until the original is truncated", path,
                        original.path());
                return true;
            }
        }
        for (TailedFile original : files.values()) {
            for (Generation generation : original.earlier()) {
                if (file.startsLike(generation.fingerprint())) {
                    file.resumeCopyAt(generation.position());
                    files.put(identity, file);
                    log.info("{} is the copy of an earlier content of {}; reading it from byte {}", path,
                            original.path(), generation.position());
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        for (TailedFile file : files.values()) {
            closeQuietly(file);
        }
        files.clear();
        if (generations != null) {
            generations.close();
        }
    }

    private static void closeQuietly(TailedFile file) {
        try {
            file.close();
        } catch (IOException e) {
            log.debug("Closing {}: {}", file.path(), e.toString());
        }
    }
}
