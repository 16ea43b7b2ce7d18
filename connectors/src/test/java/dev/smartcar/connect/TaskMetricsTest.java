package dev.smartcar.connect;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    /** The worker's context for one task id; a restarted task gets a new one on the same worker registry. */
    record Context(PluginMetricsImpl pluginMetrics) implements SourceTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return null;
        }
    }

    @Test
    void aTaskStartedWhileItsPreviousInstanceStillHoldsItsMetricsRunsOn() throws Exception {
        Map<String, String> tags = Map.of("connector", "c", "task", "0");
        try (Metrics worker = new Metrics()) {
            PluginMetricsImpl previous = new PluginMetricsImpl(worker, tags);
            TaskMetrics old = TaskMetrics.forSource(new Context(previous));
            old.lineRead();
            // The worker starts the task again before the previous instance's thread ended and removed its metrics.
            TaskMetrics restarted = assertDoesNotThrow(
                    () -> TaskMetrics.forSource(new Context(new PluginMetricsImpl(worker, tags))));
            restarted.lineRead();
            restarted.lineRead();
            MetricName linesRead = previous.metricName("LinesRead", "", new java.util.LinkedHashMap<>());
            assertEquals(1L, worker.metric(linesRead).metricValue(), "the registered gauge is still the first's");
            previous.close();
        }
    }
}
