package dev.smartcar.connect;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of one connector task, reported through the worker's plugin metrics (KIP-877): the worker tags them
 * with the connector and the task, reports them like its own metrics (over JMX as
 * {@code kafka.connect:type=plugins,connector=<name>,task=<n>}) and removes them when the task stops. Sources
 * count lines and files, the sink rows, retries and records sent to the dead-letter queue.
 */
public final class TaskMetrics {

    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);

    private final LongAdder linesRead = new LongAdder();
    private final LongAdder linesTruncated = new LongAdder();
    private final LongAdder filesDone = new LongAdder();
    private final LongAdder filesFailed = new LongAdder();
    private final LongAdder filesSkipped = new LongAdder();
    private final LongAdder rowsWritten = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder recordsFailed = new LongAdder();

    private TaskMetrics() { }

    /** {@code LinesRead}, {@code LinesTruncated}, {@code FilesDone}, {@code FilesFailed}, {@code FilesSkipped}. */
    public static TaskMetrics forSource(SourceTaskContext context) {
        TaskMetrics m = new TaskMetrics();
        PluginMetrics plugin = pluginMetrics(context::pluginMetrics);
        if (plugin != null) {
            add(plugin, "LinesRead", "lines sent as records since the task started", m.linesRead);
            add(plugin, "LinesTruncated", "lines longer than max.line.bytes, sent cut", m.linesTruncated);
            add(plugin, "FilesDone", "files read to their end and finished", m.filesDone);
            add(plugin, "FilesFailed", "files given up on (moved to the error folder or no longer readable)",
                    m.filesFailed);
            add(plugin, "FilesSkipped", "compressed rotated files not read: their lines were sent before or come"
                    + " from the file they are the compressed form of", m.filesSkipped);
        }
        return m;
    }

    /** {@code RowsWritten}, {@code Retries}, {@code RecordsFailed}. */
    public static TaskMetrics forSink(SinkTaskContext context) {
        TaskMetrics m = new TaskMetrics();
        PluginMetrics plugin = pluginMetrics(context::pluginMetrics);
        if (plugin != null) {
            add(plugin, "RowsWritten", "rows HBase confirmed since the task started", m.rowsWritten);
            add(plugin, "Retries", "failed writes handed back to the worker for redelivery", m.retries);
            add(plugin, "RecordsFailed", "records that can never become a row, sent to the dead-letter queue",
                    m.recordsFailed);
        }
        return m;
    }

    /** A worker before Kafka 4.1 has no plugin metrics: the task still runs, its counters just go unreported. */
    private static PluginMetrics pluginMetrics(java.util.function.Supplier<PluginMetrics> fromContext) {
        try {
            return fromContext.get();
        } catch (NoSuchMethodError olderWorker) {
            log.warn("The worker offers no plugin metrics (KIP-877, Kafka 4.1+); the task's counters are not reported");
            return null;
        }
    }

    /**
     * Registers one counter; never fails the task. The worker removes a task's plugin metrics only when the task's
     * thread ends, and it may start the next instance of the same task id before that (seen when a broker outage
     * made the worker stop and restart its tasks: the new sink task died on "A metric named RowsWritten ... already
     * exists"). Then this instance's counter goes unreported, and the data keeps flowing.
     */
    private static void add(PluginMetrics plugin, String name, String description, LongAdder counter) {
        try {
            plugin.addMetric(plugin.metricName(name, description, new LinkedHashMap<>()),
                    (Gauge<Long>) (config, now) -> counter.sum());
        } catch (IllegalArgumentException stillRegistered) {
            log.warn("Metric {} of this task is still registered by its previous instance (still stopping); this"
                    + " instance's {} goes unreported", name, name);
        }
    }

    public void lineRead() {
        linesRead.increment();
    }

    public void lineTruncated() {
        linesTruncated.increment();
    }

    public void fileDone() {
        filesDone.increment();
    }

    public void fileFailed() {
        filesFailed.increment();
    }

    public void fileSkipped() {
        filesSkipped.increment();
    }

    public void rowsWritten(long rows) {
        rowsWritten.add(rows);
    }

    public void retry() {
        retries.increment();
    }

    public void recordFailed() {
        recordsFailed.increment();
    }
}
