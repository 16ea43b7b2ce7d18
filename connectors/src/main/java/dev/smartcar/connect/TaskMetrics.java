package dev.smartcar.connect;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of one connector task, registered as
 * {@code dev.smartcar.connect:type=<TaskClass>,connector=<name>,task=<id>}. Sources count lines and files,
 * the sink rows, retries and records sent to the dead-letter queue.
 */
public final class TaskMetrics implements TaskMetricsMBean, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);

    private final LongAdder linesRead = new LongAdder();
    private final LongAdder linesTruncated = new LongAdder();
    private final LongAdder filesDone = new LongAdder();
    private final LongAdder filesFailed = new LongAdder();
    private final LongAdder rowsWritten = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder recordsFailed = new LongAdder();
    private ObjectName name;

    /** Registers the bean; a name clash (a task restarted in the same JVM) replaces the old bean. */
    public static TaskMetrics register(Class<?> taskClass, String connector, String taskId) {
        TaskMetrics metrics = new TaskMetrics();
        try {
            ObjectName name = new ObjectName("dev.smartcar.connect:type=" + taskClass.getSimpleName()
                    + ",connector=" + ObjectName.quote(connector) + ",task=" + ObjectName.quote(taskId));
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(metrics, name);
            metrics.name = name;
        } catch (JMException e) {
            // Metrics are an aid, not a reason to stop moving data.
            log.warn("Cannot register JMX metrics for {} task {}: {}", connector, taskId, e.toString());
        }
        return metrics;
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

    public void rowsWritten(long rows) {
        rowsWritten.add(rows);
    }

    public void retry() {
        retries.increment();
    }

    public void recordFailed() {
        recordsFailed.increment();
    }

    @Override
    public long getLinesRead() {
        return linesRead.sum();
    }

    @Override
    public long getLinesTruncated() {
        return linesTruncated.sum();
    }

    @Override
    public long getFilesDone() {
        return filesDone.sum();
    }

    @Override
    public long getFilesFailed() {
        return filesFailed.sum();
    }

    @Override
    public long getRowsWritten() {
        return rowsWritten.sum();
    }

    @Override
    public long getRetries() {
        return retries.sum();
    }

    @Override
    public long getRecordsFailed() {
        return recordsFailed.sum();
    }

    @Override
    public void close() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            log.debug("JMX bean {} already gone", name);
        }
        name = null;
    }
}
