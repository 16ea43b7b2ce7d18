package dev.smartcar.connect;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** The worker's side for a source task in unit tests: an in-memory offset store the test commits into. */
public final class FakeSourceTaskContext implements SourceTaskContext, OffsetStorageReader {

    private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();
    /** The worker's metrics registry; plugin metrics land in it tagged as the worker tags a task's. */
    private final Metrics metrics = new Metrics();
    private static final Map<String, String> TAGS = Map.of("connector", "test-connector", "task", "0");
    private PluginMetricsImpl pluginMetrics;
    private Runnable duringLookup;
    private int lookupsBefore;

    /**
     * Runs {@code action} inside the {@code nth} offset lookup from now (1 = the next), as something the world does
     * while the worker reads its offsets topic.
     */
    public void duringLookup(int nth, Runnable action) {
        duringLookup = action;
        lookupsBefore = nth - 1;
    }

    /** What the worker does after Kafka acknowledged records: remember each partition's latest offset. */
    public void commit(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            offsets.put(Map.copyOf(record.sourcePartition()), new HashMap<>(record.sourceOffset()));
        }
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return this;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        // A task asks once, when it starts; a task started again after a stop is a new task instance, and the
        // worker closes the old instance's plugin metrics (removing its metrics) and gives the new one its own.
        if (pluginMetrics != null) {
            try {
                pluginMetrics.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        pluginMetrics = new PluginMetricsImpl(metrics, TAGS);
        return pluginMetrics;
    }

    /** The value of the task's plugin metric {@code name}, as the worker would report it. */
    public Object metric(String name) {
        return metrics.metric(metrics.metricName(name, "plugins", TAGS)).metricValue();
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        if (duringLookup != null && lookupsBefore-- == 0) {
            Runnable action = duringLookup;
            duringLookup = null;
            action.run();
        }
        return offsets.get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
        for (Map<String, T> partition : partitions) {
            Map<String, Object> offset = offsets.get(partition);
            if (offset != null) {
                found.put(partition, offset);
            }
        }
        return found;
    }
}
