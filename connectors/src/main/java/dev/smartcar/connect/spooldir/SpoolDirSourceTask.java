package dev.smartcar.connect.spooldir;

import dev.smartcar.connect.PluginVersion;
import dev.smartcar.connect.TaskMetrics;
import dev.smartcar.connect.file.FileIdentity;
import dev.smartcar.connect.file.Line;
import dev.smartcar.connect.file.LineRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the spool directory's files one after the other, one record per line. A file is finished (moved,
 * deleted or left) only once Kafka has acknowledged every record of it ({@link #commitRecord}); until then it
 * stays where it is, so a crash at any point loses nothing: on restart the file is read again from its
 * committed offset. A file that cannot be read goes to the error directory and the task carries on.
 */
public class SpoolDirSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(SpoolDirSourceTask.class);

    private final Time time;
    private SpoolDirSourceConfig config;
    private SpoolDirectory directory;
    private SpoolArchive archive;
    private LineRecords records;
    private TaskMetrics metrics;

    /** Files read to the end but not yet acknowledged, and the one being read; keyed by identity. */
    private final Map<FileIdentity, SpoolFile> open = new ConcurrentHashMap<>();
    /** Files left in place (policy LEAVE) or failed without an error directory: not to be read again. */
    private final Set<FileIdentity> settled = new HashSet<>();
    /**
     * Files read and acknowledged whose finishing failed (e.g. a spool directory without write permission):
     * retried at every scan, the failure logged once, never read again meanwhile.
     */
    private final Map<FileIdentity, Path> unfinished = new HashMap<>();
    private final Deque<SpoolCandidate> queue = new ArrayDeque<>();
    private SpoolFile current;
    private long lastScan = Long.MIN_VALUE;
    private boolean stopped;
    private volatile boolean idle;

    public SpoolDirSourceTask() {
        this(Time.SYSTEM);
    }

    /** For tests: a controllable clock and sleep. */
    public SpoolDirSourceTask(Time time) {
        this.time = time;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = SpoolDirSourceConfig.forTask(props);
        if (!Files.isDirectory(config.spoolDir())) {
            throw new ConnectException(SpoolDirSourceConfig.SPOOL_DIR + " " + config.spoolDir()
                    + " is not a directory on this worker; create it or fix the setting");
        }
        directory = new SpoolDirectory(config, time);
        archive = new SpoolArchive(config, time);
        records = new LineRecords(config.topic(), true, 0);
        metrics = TaskMetrics.forSource(context);
        log.info("Spool source task {}/{} watching {}", config.taskIndex(), config.taskCount(), config.spoolDir());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> batch = readBatch();
        if (batch == null || !batch.isEmpty()) {
            return batch;
        }
        if (idle) {
            // Nothing to read: wait a little (outside the lock, so stop() is never held up long).
            time.sleep(Math.min(config.scanIntervalMs(), 500));
        }
        return null;
    }

    /** Up to one batch of the current file; empty when none, null once stopped. Synchronized with stop(). */
    private synchronized List<SourceRecord> readBatch() {
        if (stopped) {
            return null;
        }
        finishAcknowledged();
        if (current == null) {
            current = openNext();
            idle = current == null;
            if (idle) {
                return List.of();
            }
        }
        SpoolFile file = current;
        List<SourceRecord> batch = new ArrayList<>(Math.min(config.batchSize(), 65536));
        String source = file.path().toString();
        try {
            while (batch.size() < config.batchSize()) {
                Line line = file.nextLine();
                if (line == null) {
                    file.markFullyRead();
                    current = null;
                    log.debug("Read {} to the end", source);
                    break;
                }
                batch.add(records.toRecord(line, source, file.partition(), file.offsetAfter(line)));
                file.sent();
                metrics.lineRead();
                if (line.truncated()) {
                    metrics.lineTruncated();
                }
            }
        } catch (IOException | RuntimeException e) {
            fail(file, e);
        }
        finishAcknowledged();
        return batch;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        // Called from the producer's thread once Kafka has the record (or a transform dropped it).
        Object key = record.sourcePartition().get(SpoolFile.PARTITION_FILE);
        if (key instanceof String identity) {
            SpoolFile file = open.get(FileIdentity.fromKey(identity));
            if (file != null) {
                file.acknowledged();
            }
        }
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        for (SpoolFile file : open.values()) {
            try {
                file.close();
            } catch (IOException e) {
                log.debug("Closing {}: {}", file.path(), e.toString());
            }
        }
        open.clear();
        current = null;
    }

    private SpoolFile openNext() {
        while (true) {
            if (queue.isEmpty()) {
                if (time.milliseconds() - lastScan < config.scanIntervalMs() && lastScan != Long.MIN_VALUE) {
                    return null;
                }
                lastScan = time.milliseconds();
                retryUnfinished();
                try {
                    queue.addAll(directory.waitingFiles(id -> open.containsKey(id) || settled.contains(id)
                            || unfinished.containsKey(id)));
                } catch (IOException e) {
                    throw new ConnectException("Cannot list the spool directory " + directory.root(), e);
                }
                if (queue.isEmpty()) {
                    return null;
                }
            }
            SpoolCandidate candidate = queue.poll();
            if (open.containsKey(candidate.identity()) || settled.contains(candidate.identity())
                    || unfinished.containsKey(candidate.identity()) || !Files.exists(candidate.path())) {
                continue;
            }
            try {
                Map<String, Object> committed = context.offsetStorageReader()
                        .offset(SpoolFile.partitionOf(candidate.identity()));
                SpoolFile file = SpoolFile.open(candidate, committed, config.maxLineBytes(),
                        config.readBufferBytes());
                open.put(candidate.identity(), file);
                log.info("Reading {}{}", candidate.path(), committed == null ? "" : " from committed offset "
                        + committed.get(SpoolFile.OFFSET_POSITION));
                return file;
            } catch (NoSuchFileException gone) {
                log.debug("{} disappeared before it could be opened", candidate.path());
            } catch (IOException | RuntimeException e) {
                fail(candidate.path(), candidate.identity(), e);
            }
        }
    }

    /** Finishes every fully read file whose records Kafka has all acknowledged. */
    private void finishAcknowledged() {
        Iterator<SpoolFile> it = open.values().iterator();
        while (it.hasNext()) {
            SpoolFile file = it.next();
            if (!file.finishable()) {
                continue;
            }
            it.remove();
            try {
                Path to = archive.finished(file.path());
                if (archive.policy() == FinishPolicy.LEAVE) {
                    settled.add(file.identity());
                }
                metrics.fileDone();
                log.info("Finished {} ({})", file.path(), switch (archive.policy()) {
                    case MOVE -> "moved to " + to;
                    case DELETE -> "deleted";
                    case LEAVE -> "left in place";
                });
            } catch (NoSuchFileException gone) {
                // Removed while it was read: the open file was still read to its end, so nothing is lost.
                metrics.fileDone();
                log.warn("{} was removed from the spool directory before it could be finished; all its lines "
                        + "were read and sent", file.path());
            } catch (IOException e) {
                // Its records are all in Kafka: retry only the finishing, at every scan, without re-reading it
                // and without logging the same failure each time.
                unfinished.put(file.identity(), file.path());
                log.warn("Cannot finish {} ({}); all its lines are in Kafka; it stays in place and finishing is "
                        + "retried at every scan (logged again only when it succeeds)", file.path(), e.toString());
            }
        }
    }

    /** Retries finishing the files whose finishing failed before; quiet unless it now succeeds. */
    private void retryUnfinished() {
        Iterator<Map.Entry<FileIdentity, Path>> it = unfinished.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<FileIdentity, Path> entry = it.next();
            try {
                Path to = archive.finished(entry.getValue());
                it.remove();
                metrics.fileDone();
                log.info("Finished {} at a later attempt{}", entry.getValue(), to == null ? "" : ": moved to " + to);
            } catch (NoSuchFileException gone) {
                it.remove();
                log.info("{} was removed before it could be finished; its lines had all been sent", entry.getValue());
            } catch (IOException e) {
                log.debug("Still cannot finish {}: {}", entry.getValue(), e.toString());
            }
        }
    }

    private void fail(SpoolFile file, Exception cause) {
        open.remove(file.identity());
        if (current == file) {
            current = null;
        }
        try {
            file.close();
        } catch (IOException e) {
            log.debug("Closing {}: {}", file.path(), e.toString());
        }
        fail(file.path(), file.identity(), cause);
    }

    private void fail(Path path, FileIdentity identity, Exception cause) {
        metrics.fileFailed();
        try {
            Path to = archive.failed(path);
            if (to == null) {
                settled.add(identity);
                log.error("Cannot read {}: {}. No {} is set, so it stays in place and is skipped until the "
                        + "task restarts", path, cause.toString(), SpoolDirSourceConfig.ERROR_DIR);
            } else {
                log.error("Cannot read {}: {}. Moved it to {}", path, cause.toString(), to);
            }
        } catch (IOException e) {
            settled.add(identity);
            log.error("Cannot read {}: {}; cannot move it to the error directory either ({}), so it is skipped "
                    + "until the task restarts", path, cause.toString(), e.toString());
        }
    }
}
