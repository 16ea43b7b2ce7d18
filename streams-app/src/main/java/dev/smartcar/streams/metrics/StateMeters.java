package dev.smartcar.streams.metrics;

import dev.smartcar.streams.metrics.StateSize.Sizes;
import dev.smartcar.streams.metrics.StateSize.StoreSize;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToLongFunction;

/**
 * The {@link StateSize} as Prometheus gauges: {@code smartcar_state_entries{store}}, {@code
 * smartcar_state_bytes{store}} and {@code smartcar_state_cars}, NaN while a store cannot be read. Bytes per car is
 * left to PromQL ({@code sum(smartcar_state_bytes) / smartcar_state_cars}), as the JSON's sums are, so that it can
 * be taken over the instances too. Every gauge reads the one measurement taken by {@link #refresh()} before a
 * scrape, so a scrape's figures add up.
 */
final class StateMeters {

    private final StateSize state;
    private volatile Sizes latest;

    StateMeters(StateSize state, MeterRegistry registry) {
        this.state = state;
        for (String store : state.storeNames()) {
            Gauge.builder("smartcar_state_entries", this, m -> m.of(store, StoreSize::entries)).tag("store", store)
                    .description("entries in the store's active partitions on this instance (standbys not counted)")
                    .register(registry);
            Gauge.builder("smartcar_state_bytes", this, m -> m.of(store, StoreSize::bytes)).tag("store", store)
                    .description("bytes of those entries as the store's changelog holds them (key + value)")
                    .register(registry);
        }
        Gauge.builder("smartcar_state_cars", this, StateMeters::cars)
                .description("distinct cars this instance holds active state for").register(registry);
    }

    /** Takes the measurement the gauges read (the state size's cached one when it is recent). */
    void refresh() {
        latest = state.sizes();
    }

    private double of(String store, ToLongFunction<StoreSize> figure) {
        Sizes now = latest;
        StoreSize size = now == null ? null : now.stores().get(store);
        return size == null ? Double.NaN : figure.applyAsLong(size);
    }

    private double cars() {
        Sizes now = latest;
        return now == null || !now.complete() ? Double.NaN : now.cars();
    }
}
