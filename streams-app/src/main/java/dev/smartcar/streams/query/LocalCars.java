package dev.smartcar.streams.query;

import dev.smartcar.streams.overspeed.CarClock;
import dev.smartcar.streams.overspeed.SpeedWindow;
import dev.smartcar.streams.overspeed.WindowHistory;
import dev.smartcar.streams.overspeed.WindowKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What this instance's stores know about cars (interactive queries against the local window and clock stores, plus
 * the {@link WindowHistory} of windows closed here). A store that is not queryable here — its partition is not
 * active on this instance, or it is restoring — throws {@link
 * org.apache.kafka.streams.errors.InvalidStateStoreException},
 * which the caller answers with a 503.
 *
 * <p>IQv1 stores, not IQv2: the car's windows are found by a prefix scan of the car number (the window key is the car's
 * bytes then the start), which IQv2 has no query for; {@code withPartition} keeps the read on the car's partition.
 */
public final class LocalCars {

    /** {@link #ANY_PARTITION}: every partition active on this instance. */
    public static final int ANY_PARTITION = -1;

    /** A car as the stores have it: its open windows (oldest first), its clock, its closed windows. */
    record CarState(String car, List<CarSpeed> openWindows, long clock, List<WindowHistory.Closed> closed) {

        /** The latest open window, if any: what {@code /cars/{car}/speed} shows. */
        Optional<CarSpeed> current() {
            return openWindows.isEmpty() ? Optional.empty() : Optional.of(openWindows.get(openWindows.size() - 1));
        }
    }

    private final IntFunction<ReadOnlyKeyValueStore<WindowKey, SpeedWindow>> windows;
    private final IntFunction<ReadOnlyKeyValueStore<String, CarClock>> clocks;
    private final WindowHistory history;
    private final long windowMs;

    /**
     * @param windows the window store of a partition ({@link #ANY_PARTITION}: all local ones)
     * @param clocks  the clock store of a partition, likewise
     */
    public LocalCars(IntFunction<ReadOnlyKeyValueStore<WindowKey, SpeedWindow>> windows,
              IntFunction<ReadOnlyKeyValueStore<String, CarClock>> clocks, WindowHistory history, long windowMs) {
        this.windows = windows;
        this.clocks = clocks;
        this.history = history;
        this.windowMs = windowMs;
    }

    /** The car in the stores of {@code partition}; empty if they have never seen it. */
    Optional<CarState> car(String car, int partition) {
        List<CarSpeed> open = new ArrayList<>();
        try (KeyValueIterator<WindowKey, SpeedWindow> it = windows.apply(partition).prefixScan(car,
                new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<WindowKey, SpeedWindow> next = it.next();
                // The prefix also matches longer keys that start with the same bytes; keep exact cars only.
                if (next.key.car().equals(car)) {
                    open.add(speed(car, next.key.start(), next.value));
                }
            }
        }
        open.sort(Comparator.comparingLong(CarSpeed::windowStart));
        CarClock stored = clocks.apply(partition).get(car);
        List<WindowHistory.Closed> closed = history.of(car);
        if (open.isEmpty() && stored == null && closed.isEmpty()) {
            return Optional.empty();
        }
        // The stored clock is written only when it cannot be recomputed (see CarClock): the rest is the latest
        // record of the open windows.
        long clock = stored != null && stored.hasClock() ? stored.time() : CarClock.NO_CLOCK;
        for (CarSpeed w : open) {
            clock = Math.max(clock, w.lastDate());
        }
        return Optional.of(new CarState(car, List.copyOf(open), clock, closed));
    }

    /** Every car with an open window on this instance: its latest one, by car number. */
    Map<String, CarSpeed> currentWindows() {
        Map<String, CarSpeed> current = new TreeMap<>();
        try (KeyValueIterator<WindowKey, SpeedWindow> it = windows.apply(ANY_PARTITION).all()) {
            while (it.hasNext()) {
                KeyValue<WindowKey, SpeedWindow> next = it.next();
                CarSpeed speed = speed(next.key.car(), next.key.start(), next.value);
                current.merge(speed.car(), speed, (a, b) -> a.windowStart() >= b.windowStart() ? a : b);
            }
        }
        return current;
    }

    /** The latest window each car closed on this instance. */
    Map<String, WindowHistory.Closed> lastClosed() {
        return history.latest();
    }

    private CarSpeed speed(String car, long start, SpeedWindow w) {
        return new CarSpeed(car, start, start + windowMs, w.average(), w.count(), w.maxSpeed(), w.lastDate(),
                w.lastArea());
    }
}
