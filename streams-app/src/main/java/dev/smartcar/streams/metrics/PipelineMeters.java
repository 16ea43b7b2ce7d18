package dev.smartcar.streams.metrics;

import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.counters.PipelineCounters.Count;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The app's {@link PipelineCounters} as Prometheus meters, named and labelled in Prometheus' conventions:
 * {@code smartcar_lines_in_total{topic}}, {@code smartcar_records_out_total{topic}},
 * {@code smartcar_rejected_total{reason}}, {@code smartcar_set_aside_total{reason}}, one
 * {@code smartcar_<count>_total} per {@link Count} (the gauge {@code smartcar_held_records}) and the gauge
 * {@code smartcar_redis_pending}. The JSON's sums ({@code rejected_total}, {@code set_aside_total},
 * {@code late_records}) are left to PromQL's {@code sum}, and its per-file counts stay JSON only: a label per file
 * would add series for ever.
 *
 * <p>Every meter reads one snapshot taken by {@link #refresh()} just before a scrape, so a scrape is as consistent
 * as the JSON document, and a topic or reason seen for the first time gets its meter then.
 */
final class PipelineMeters {

    /** A JSON map of the counters and the labelled Prometheus counter it becomes. */
    private record Family(String jsonKey, String name, String label, String description) { }

    private static final List<Family> FAMILIES = List.of(
            new Family("lines_in", "smartcar_lines_in", "topic", "raw lines read, by topic"),
            new Family("records_out", "smartcar_records_out", "topic", "valid records written, by topic"),
            new Family("rejected_by_reason", "smartcar_rejected", "reason",
                    "lines rejected to smartcar.rejected, by reason"),
            new Family("set_aside_by_reason", "smartcar_set_aside", "reason",
                    "valid records left out of the over-speed windows, by reason"));

    private final PipelineCounters counters;
    private final MeterRegistry registry;
    private volatile Map<String, Object> latest;

    PipelineMeters(PipelineCounters counters, MeterRegistry registry) {
        this.counters = counters;
        this.registry = registry;
        this.latest = counters.snapshot();
        for (Count count : Count.values()) {
            String key = count.name().toLowerCase(Locale.ROOT);
            String name = "smartcar_" + key;
            if (count.onlyRises()) {
                FunctionCounter.builder(name, this, m -> m.number(key)).description(count.description())
                        .register(registry);
            } else {
                Gauge.builder(name, this, m -> m.number(key)).description(count.description()).register(registry);
            }
        }
        Gauge.builder("smartcar_redis_pending", this, m -> m.number("redis_pending"))
                .description("alerts read from smartcar.overspeed and not yet written to Redis").register(registry);
        Gauge.builder("smartcar_driver_lag_seconds", this, m -> m.number("driver_lag_seconds"))
                .description("how long after the tail source read it the last driving record reached the over-speed "
                        + "windows (0 when none reached them in the last 5 s)").register(registry);
    }

    /** Takes the snapshot the meters read, registering a meter for each topic or reason new since the last one. */
    void refresh() {
        Map<String, Object> now = counters.snapshot();
        latest = now;
        for (Family family : FAMILIES) {
            for (String value : labelled(now, family.jsonKey()).keySet()) {
                FunctionCounter.builder(family.name(), this, m -> m.labelled(family.jsonKey(), value))
                        .tag(family.label(), value).description(family.description()).register(registry);
            }
        }
    }

    private double number(String key) {
        return ((Number) latest.get(key)).doubleValue();
    }

    private double labelled(String family, String value) {
        Number n = labelled(latest, family).get(value);
        return n == null ? 0 : n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Number> labelled(Map<String, Object> snapshot, String family) {
        return (Map<String, Number>) snapshot.get(family);
    }
}
