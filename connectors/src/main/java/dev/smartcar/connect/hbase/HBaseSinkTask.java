package dev.smartcar.connect.hbase;

import dev.smartcar.connect.PluginVersion;
import dev.smartcar.connect.TaskMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns records into rows and writes them in batches. Rows accepted by {@link #put} are handed to the store at
 * once (it sends them in the background while the next records are converted) and stay in memory until a flush
 * confirms them; {@link #preCommit} flushes and lets Connect commit offsets only when that worked, so committed
 * offsets never run ahead of HBase. While HBase is unreachable the sink throws
 * {@link RetriableException} (Connect redelivers the batch after a back-off that doubles up to a maximum);
 * nothing is skipped. A record that can never become a row goes to the dead-letter queue.
 *
 * <p>Rows of the topics in {@link HBaseSinkConfig#BULK_TOPICS} go to a {@link BulkStore} instead, which keeps
 * them (mostly on disk) and bulk-loads them in {@link #preCommit}, before the offsets are let through. So do the
 * rows of records that reach the task late ({@link HBaseSinkConfig#BULK_CATCHUP_MS}): puts cost HBase about twice
 * a bulk-loaded row, so a sink that fell behind on puts would stay behind.
 */
public class HBaseSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(HBaseSinkTask.class);

    /** The property naming a task's number among its connector's tasks (set by the connector). */
    static final String TASK_NUMBER = "smartcar.task.number";

    private final Function<HBaseSinkConfig, RowStore> stores;
    private final BiFunction<HBaseSinkConfig, String, BulkStore> bulkStores;
    private HBaseSinkConfig config;
    private TopicLayout.Catalogue layouts;
    private RowStore store;
    private BulkStore bulk;
    private Set<String> bulkTopics;
    private TaskMetrics metrics;
    private ErrantRecordReporter reporter;
    /** Rows accepted since the last successful flush, kept until HBase has them all. */
    private final List<HBaseRow> pending = new ArrayList<>();
    /** Whether the store lost its unflushed rows in a failure, so all of {@link #pending} must be resent. */
    private boolean resubmit;
    private long backoffMs;
    private final LongSupplier clock;
    /** When the last bulk load ended (or the task started), on {@link #clock}. */
    private long lastLoadMs;
    /** When the last record of a bulk-loaded topic arrived, on {@link #clock}. */
    private long lastBulkRecordMs;
    /** Records of put topics older than this are bulk-loaded (0: never); see {@link #late}. */
    private long catchupMs;
    /** Whether the task is catching up: bulk-loading late records of put topics. */
    private boolean catchingUp;

    public HBaseSinkTask() {
        this(HBaseRowStore::new, BulkRowStore::new);
    }

    /** For tests: rows go to the given store instead of HBase. */
    HBaseSinkTask(Function<HBaseSinkConfig, RowStore> stores) {
        this(stores, (config, owner) -> {
            throw new IllegalStateException("no bulk store in this test");
        });
    }

    /** For tests: rows go to the given stores instead of HBase. */
    HBaseSinkTask(Function<HBaseSinkConfig, RowStore> stores, BiFunction<HBaseSinkConfig, String, BulkStore> bulks) {
        this(stores, bulks, System::currentTimeMillis);
    }

    /** For tests: also the clock that spaces the bulk loads. */
    HBaseSinkTask(Function<HBaseSinkConfig, RowStore> stores, BiFunction<HBaseSinkConfig, String, BulkStore> bulks,
                  LongSupplier clock) {
        this.stores = stores;
        this.bulkStores = bulks;
        this.clock = clock;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HBaseSinkConfig(props);
        layouts = new TopicLayout.Catalogue(config);
        backoffMs = config.retryBackoffMs();
        try {
            reporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError oldWorker) {
            reporter = null;
        }
        metrics = TaskMetrics.forSink(context);
        store = stores.apply(config);
        bulkTopics = Set.copyOf(config.bulkTopics());
        catchupMs = config.bulkCatchupMs();
        if (!bulkTopics.isEmpty() || catchupMs > 0) {
            String owner = props.getOrDefault("name", "hbase-sink") + "-" + props.getOrDefault(TASK_NUMBER, "0");
            bulk = bulkStores.apply(config, owner);
            for (String topic : bulkTopics) {
                bulk.prepare(layouts.forTopic(topic).table());
            }
            lastLoadMs = clock.getAsLong();
        }
        log.info("HBase sink task writing to quorum {}{}", config.zookeeperQuorum(),
                bulkTopics.isEmpty() ? "" : ", bulk-loading " + bulkTopics + " via " + config.bulkStagingDir());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        int before = pending.size();
        List<HBaseRow> bulkRows = new ArrayList<>();
        long now = clock.getAsLong();
        for (SinkRecord record : records) {
            try {
                HBaseRow row = layouts.forTopic(record.topic()).toRow(record);
                (bulkTopics.contains(record.topic()) || late(record, now) ? bulkRows : pending).add(row);
            } catch (UnwritableRecordException e) {
                unwritable(record, e);
            }
        }
        if (!bulkRows.isEmpty()) {
            lastBulkRecordMs = clock.getAsLong();
            try {
                bulk.add(bulkRows);
            } catch (IOException e) {
                // Some may have been kept: they are kept again on redelivery, and a cell loaded twice is unchanged.
                pending.subList(before, pending.size()).clear();
                throw new RetriableException("Keeping " + bulkRows.size() + " rows for the bulk load failed: " + e, e);
            }
        }
        boolean written = submit(pending.subList(before, pending.size()));
        if (written && pending.size() >= config.batchSize()) {
            written = writePending();
        }
        if (!written) {
            // Connect redelivers this very batch after the back-off; keep only the rows of earlier batches.
            pending.subList(before, pending.size()).clear();
            throw new RetriableException("HBase did not take a batch of " + (pending.size()) + "+ rows; "
                    + "retrying in " + backoffMs + " ms");
        }
    }

    /**
     * Whether a record of a put topic is to be bulk-loaded because the task is behind: it came more than
     * {@link #catchupMs} after its timestamp. Once behind, records stay bulk-loaded until one is within half of
     * that, so the task does not switch at every record near the mark.
     */
    private boolean late(SinkRecord record, long now) {
        if (catchupMs <= 0 || record.timestamp() == null) {
            return false;
        }
        long age = now - record.timestamp();
        boolean behind = catchingUp ? age >= catchupMs / 2 : age > catchupMs;
        if (behind != catchingUp) {
            catchingUp = behind;
            if (behind) {
                log.info("Records of {} reach the sink {} s after their timestamps ({} is {} s): bulk-loading "
                        + "them to catch up", record.topic(), age / 1000, HBaseSinkConfig.BULK_CATCHUP_MS,
                        catchupMs / 1000);
            } else {
                log.info("Records of {} reach the sink {} s after their timestamps: caught up, writing puts again",
                        record.topic(), age / 1000);
            }
        }
        return behind;
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // Commit the consumer offsets only if every row before them is in HBase.
        return writePending() && loadBulk() ? offsets : Map.of();
    }

    /**
     * Bulk-loads the rows kept since the last load, once {@link HBaseSinkConfig#BULK_INTERVAL_MS} has passed since
     * it or no bulk record has come for {@link HBaseSinkConfig#BULK_IDLE_MS} (the batch is over): a load is
     * synchronous, so without the interval each one would carry little more than one poll's records and its fixed
     * cost would dominate; without the idle rule a batch's last rows would wait for the interval. False (the rows
     * stay kept, the offsets wait) if it is not time yet or HBase did not take them.
     */
    private boolean loadBulk() {
        if (bulk == null || bulk.waiting() == 0) {
            return true;
        }
        long now = clock.getAsLong();
        boolean due = now - lastLoadMs >= config.bulkIntervalMs();
        boolean idle = config.bulkIdleMs() > 0 && now - lastBulkRecordMs >= config.bulkIdleMs();
        if (!due && !idle) {
            return false;
        }
        long rows = bulk.waiting();
        try {
            bulk.load();
            metrics.rowsWritten(rows);
            return true;
        } catch (IOException | RuntimeException e) {
            metrics.retry();
            log.warn("Bulk-loading {} rows into HBase failed ({}); keeping them for the next commit", rows,
                    e.toString());
            return false;
        } finally {
            // Counted from the end: a load takes seconds, and the interval is the time the next one collects.
            lastLoadMs = clock.getAsLong();
        }
    }

    /**
     * Hands new rows to the store, which sends them while the next records are converted. After a failure the
     * store holds nothing, so the rows wait for {@link #writePending} to submit everything pending again.
     */
    private boolean submit(List<HBaseRow> rows) {
        if (resubmit || rows.isEmpty()) {
            return true;
        }
        try {
            store.submit(rows);
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    /** Waits until every pending row is stored; false (after arranging a back-off) if HBase did not take them. */
    private boolean writePending() {
        if (pending.isEmpty() && !resubmit) {
            return true;
        }
        try {
            if (resubmit) {
                store.submit(pending);
                resubmit = false;
            }
            store.flush();
            metrics.rowsWritten(pending.size());
            pending.clear();
            backoffMs = config.retryBackoffMs();
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    private void failed(IOException e) {
        // The store has dropped whatever it had not flushed: every pending row is submitted again next time.
        resubmit = true;
        metrics.retry();
        log.warn("Writing {} rows to HBase failed ({}); keeping them and retrying in {} ms", pending.size(),
                e.toString(), backoffMs);
        context.timeout(backoffMs);
        backoffMs = Math.min(backoffMs * 2, config.retryBackoffMaxMs());
    }

    private void unwritable(SinkRecord record, UnwritableRecordException e) {
        metrics.recordFailed();
        String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
        if (reporter == null) {
            throw new ConnectException("Record " + where + " cannot be written to HBase: " + e.getMessage()
                    + ". Set errors.tolerance=all and errors.deadletterqueue.topic.name to send such records "
                    + "to a dead-letter queue instead of stopping", e);
        }
        log.warn("Record {} cannot be written to HBase: {}; sent to the dead-letter queue", where, e.getMessage());
        reporter.report(record, e);
    }

    @Override
    public void stop() {
        try {
            if (store != null && !writePending()) {
                log.warn("Stopping with {} rows not written; their offsets are not committed, so they are "
                        + "delivered again after a restart", pending.size());
            }
        } finally {
            pending.clear();
            if (store != null) {
                store.close();
            }
            if (bulk != null) {
                bulk.close();
            }
        }
    }
}
