package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.streams.metrics.StateSize;
import dev.smartcar.streams.overspeed.OverSpeedWindows;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StateSize} over the topology's own stores (issue #26): entries, cars and bytes for a fleet of N cars, the
 * bytes equal to what the stores' changelogs hold, every store of the topology measured, the cache, and a store that
 * cannot be read reported as unknown rather than as empty.
 */
class StateSizeTest {

    private static final int CARS = 200;
    /** A window's changelog key: the car number (5 bytes) and the start (8); its value: 35 fixed bytes and "A01". */
    private static final int WINDOW_BYTES = 5 + 8 + 35 + 3;

    @TempDir
    Path stateDir;
    private final AtomicLong millis = new AtomicLong();

    /** Four lines for each car: its first three agree and set its clock, the fourth opens its second window. */
    private static void driveFleet(TopologyFixture app, int from, int to) {
        for (String time : new String[] {"20200322001402", "20200322001412", "20200322001422", "20200322001432"}) {
            for (int car = from; car < to; car++) {
                app.drive(TopologyFixture.line(time, carNumber(car), 70 + car % 20));
            }
        }
    }

    /** Car numbers start at 0001: N0000 is not a valid car. */
    private static String carNumber(int car) {
        return String.format("N%04d", car + 1);
    }

    @Test
    void entriesCarsAndBytesOfAFleetAreThoseItsChangelogsHold() {
        try (TopologyFixture app = new TopologyFixture(stateDir, Map.of())) {
            driveFleet(app, 0, CARS);
            StateSize.Sizes sizes = app.stateSize(millis::get).sizes();

            StateSize.StoreSize windows = sizes.stores().get(OverSpeedWindows.WINDOWS_STORE);
            assertEquals(2L * CARS, windows.entries(), "two open windows a car");
            assertEquals(2L * CARS * WINDOW_BYTES, windows.bytes());
            assertEquals(CARS, windows.cars());
            assertEquals(CARS, sizes.cars());
            assertTrue(sizes.complete());

            long bytes = 0;
            for (String store : sizes.stores().keySet()) {
                Map<String, byte[]> logged = changelog(app, store);
                StateSize.StoreSize size = sizes.stores().get(store);
                assertEquals(logged.size(), size.entries(), store + ": entries = keys in its changelog");
                long loggedBytes = logged.entrySet().stream()
                        .mapToLong(e -> HexFormat.of().parseHex(e.getKey()).length + e.getValue().length).sum();
                assertEquals(loggedBytes, size.bytes(), store + ": bytes = its changelog's latest keys and values");
                bytes += loggedBytes;
            }
            StateSize.StoreSize clocks = sizes.stores().get(OverSpeedWindows.CAR_CLOCKS_STORE);
            assertEquals(CARS, clocks.entries(), "a clock a car: stored when its first records were held");
            assertTrue(clocks.bytes() > 0, "the clocks are counted");
            assertEquals(bytes, sizes.bytes());

            Map<String, Object> json = sizes.json();
            assertEquals((long) CARS, json.get("cars"));
            assertEquals(bytes, json.get("bytes"));
            assertEquals((double) bytes / CARS, json.get("bytes_per_car"));
            assertEquals(Map.of("entries", 2L * CARS, "bytes", 2L * CARS * WINDOW_BYTES, "cars", (long) CARS),
                    ((Map<?, ?>) json.get("stores")).get(OverSpeedWindows.WINDOWS_STORE));
        }
    }

    /** A changelog topic as the broker would keep it after compaction: each key's latest value (by hex key). */
    private static Map<String, byte[]> changelog(TopologyFixture app, String store) {
        Map<String, byte[]> latest = new HashMap<>();
        for (TestRecord<byte[], byte[]> record : app.driver.createOutputTopic("ttd-" + store + "-changelog",
                Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).readRecordsToList()) {
            String key = HexFormat.of().formatHex(record.key());
            if (record.value() == null) {
                latest.remove(key);
            } else {
                latest.put(key, record.value());
            }
        }
        return latest;
    }

    @Test
    void everyStoreOfTheTopologyIsMeasured() {
        try (TopologyFixture app = new TopologyFixture(stateDir, Map.of())) {
            Set<String> inTopology = app.driver.getAllStateStores().keySet();
            assertEquals(inTopology, Set.copyOf(app.stateSize(millis::get).storeNames()));
            assertEquals(inTopology, app.stateSize(millis::get).sizes().stores().keySet());
        }
    }

    @Test
    void aBurstOfScrapesReadsOneMeasurement() {
        try (TopologyFixture app = new TopologyFixture(stateDir, Map.of())) {
            StateSize state = app.stateSize(millis::get);
            driveFleet(app, 0, 2);
            StateSize.Sizes first = state.sizes();
            assertEquals(2, first.cars());
            driveFleet(app, 2, 5);
            millis.addAndGet(StateSize.CACHE_MS - 1);
            assertSame(first, state.sizes(), "within the cache period: the same measurement");
            millis.incrementAndGet();
            assertEquals(5, state.sizes().cars(), "after it: measured again");
        }
    }

    @Test
    void aStoreThatCannotBeReadIsUnknownNotEmpty() {
        try (TopologyFixture app = new TopologyFixture(stateDir, Map.of())) {
            driveFleet(app, 0, 3);
            StateSize state = new StateSize(SmartCarTopology.stateStores(app.config), name -> {
                if (name.equals(OverSpeedWindows.CAR_CLOCKS_STORE)) {
                    throw new InvalidStateStoreException("restoring");
                }
                return app.driver.getKeyValueStore(name);
            }, millis::get);
            StateSize.Sizes sizes = state.sizes();
            assertFalse(sizes.complete());
            assertNull(sizes.stores().get(OverSpeedWindows.CAR_CLOCKS_STORE));
            assertEquals(6, sizes.stores().get(OverSpeedWindows.WINDOWS_STORE).entries());
            Map<String, Object> json = sizes.json();
            assertTrue(json.containsKey("cars") && json.get("cars") == null, "no partial count of cars");
            assertNull(json.get("bytes"));
            assertNull(json.get("bytes_per_car"));
        }
    }
}
