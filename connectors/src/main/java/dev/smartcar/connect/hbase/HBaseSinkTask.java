package dev.smartcar.connect.hbase;

import dev.smartcar.connect.PluginVersion;
import dev.smartcar.connect.TaskMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 */
public class HBaseSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(HBaseSinkTask.class);

    private final Function<HBaseSinkConfig, RowStore> stores;
    private HBaseSinkConfig config;
    private TopicLayout.Catalogue layouts;
    private RowStore store;
    private TaskMetrics metrics;
    private ErrantRecordReporter reporter;
    /** Rows accepted since the last successful flush, kept until HBase has them all. */
    private final List<HBaseRow> pending = new ArrayList<>();
    /** Whether the store lost its unflushed rows in a failure, so all of {@link #pending} must be resent. */
    private boolean resubmit;
    private long backoffMs;

    public HBaseSinkTask() {
        this(HBaseRowStore::new);
    }

    /** For tests: rows go to the given store instead of HBase. */
    HBaseSinkTask(Function<HBaseSinkConfig, RowStore> stores) {
        this.stores = stores;
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
        log.info("HBase sink task writing to quorum {}", config.zookeeperQuorum());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        int before = pending.size();
        for (SinkRecord record : records) {
            try {
                pending.add(layouts.forTopic(record.topic()).toRow(record));
            } catch (UnwritableRecordException e) {
                unwritable(record, e);
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

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        // Commit the consumer offsets only if every row before them is in HBase.
        return writePending() ? offsets : Map.of();
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
        }
    }
}
