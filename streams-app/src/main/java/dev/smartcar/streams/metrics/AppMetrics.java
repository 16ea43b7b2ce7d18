package dev.smartcar.streams.metrics;

import dev.smartcar.streams.counters.PipelineCounters;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's metrics in both forms it serves. In the Prometheus exposition formats: its pipeline counters
 * ({@link PipelineMeters}), the size of its state ({@link StateMeters}), the JVM's (memory, GC, threads, classes,
 * CPU, uptime, file descriptors) and whatever else the app binds (Kafka Streams' client, thread, task and store
 * metrics through Micrometer's {@code KafkaStreamsMetrics}). As the JSON of {@code /metrics}: the counters and the
 * state's size, from the same sources.
 */
public final class AppMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppMetrics.class);

    /** What a scrape answers: the body and the content type of the format the scraper asked for. */
    public record Scrape(String contentType, String text) { }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PipelineCounters counters;
    private final StateSize stateSize;
    private final PipelineMeters pipeline;
    private final StateMeters state;
    private final List<MeterBinder> binders = new ArrayList<>();

    /**
     * The pipeline's, the state's and the JVM's metrics, and those of {@code more} (closed with this when
     * closeable).
     */
    public AppMetrics(PipelineCounters counters, StateSize stateSize, List<MeterBinder> more) {
        this.counters = counters;
        this.stateSize = stateSize;
        pipeline = new PipelineMeters(counters, registry);
        state = new StateMeters(stateSize, registry);
        binders.addAll(List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics()));
        binders.addAll(more);
        binders.forEach(b -> b.bindTo(registry));
    }

    /** {@code /metrics}: the counters, by their JSON names, and the state's size under {@code state}. */
    public Map<String, Object> json() {
        Map<String, Object> view = new TreeMap<>(counters.snapshot());
        view.put("state", stateSize.sizes().json());
        return view;
    }

    /**
     * The metrics in the format {@code accept} (the request's Accept header, may be null) prefers: OpenMetrics 1.0
     * when it names {@code application/openmetrics-text} (as Prometheus' scrapes do), else the text format 0.0.4.
     */
    public Scrape scrape(String accept) {
        pipeline.refresh();
        state.refresh();
        String type = accept != null && accept.contains("application/openmetrics-text")
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8";
        return new Scrape(type, registry.scrape(type));
    }

    @Override
    public void close() {
        for (MeterBinder binder : binders) {
            if (binder instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.debug("closing {} failed", binder, e);
                }
            }
        }
        registry.close();
    }
}
