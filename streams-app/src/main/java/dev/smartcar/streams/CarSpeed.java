package dev.smartcar.streams;

import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** A car's current (latest open) window, as {@code GET /cars/{car}/speed} shows it. */
record CarSpeed(String car, long windowStart, long windowEnd, double averageSpeed, int recordCount, int maxSpeed,
                long lastDate, String lastArea) {

    /** The latest open window of {@code car} in the window store, if it has one. */
    static Optional<CarSpeed> latest(ReadOnlyKeyValueStore<WindowKey, SpeedWindow> store, String car, long windowMs) {
        KeyValue<WindowKey, SpeedWindow> latest = null;
        try (KeyValueIterator<WindowKey, SpeedWindow> windows = store.prefixScan(car, new StringSerializer())) {
            while (windows.hasNext()) {
                KeyValue<WindowKey, SpeedWindow> next = windows.next();
                // The prefix also matches longer keys that start with the same bytes; keep exact cars only.
                if (next.key.car().equals(car) && (latest == null || next.key.start() > latest.key.start())) {
                    latest = next;
                }
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        SpeedWindow w = latest.value;
        return Optional.of(new CarSpeed(car, latest.key.start(), latest.key.start() + windowMs, w.average(), w.count(),
                w.maxSpeed(), w.lastDate(), w.lastArea()));
    }
}
