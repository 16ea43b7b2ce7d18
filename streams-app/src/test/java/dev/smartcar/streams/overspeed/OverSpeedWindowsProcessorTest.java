package dev.smartcar.streams.overspeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.avro.TimeBasis;
import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.TopologyFixture;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.counters.PipelineCounters.Count;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window processor on its own: fed inline by the raw topic's task, the windows are right only if that topic has
 * one partition (one task sees every car), so a task of a second partition refuses to start, naming the setting and
 * the two ways out; a window that alerts asks for the commit at once (alerts do not wait for
 * commit.interval.ms), unless the windows are behind; and a restart (a new processor over what the changelogs
 * restore) brings back every car's clock, closed bound, open windows and held records.
 */
class OverSpeedWindowsProcessorTest {

    private static final LogTimestamp TIME = LogTimestamp.defaultZone();
    private static final DrivingLineParser PARSER = new DrivingLineParser(TIME);

    @TempDir
    Path stateDir;

    static final OverSpeedWindows.Settings DEFAULTS = new OverSpeedWindows.Settings(30_000, 60_000, 1_000, 80.0,
            TimeBasis.EVENT_TIME, 600_000, 3);

    private OverSpeedWindows windows() {
        return new OverSpeedWindows(DEFAULTS, LogTimestamp.defaultZone(), new PipelineCounters());
    }

    private MockProcessorContext<String, Object> taskOfPartition(int partition) {
        return taskWithStores(new TaskId(1, partition), stateDir, windowStore(), clockStore());
    }

    /** The window store as the topology builds it, without the changelog (a restart reuses the same object). */
    static KeyValueStore<WindowKey, SpeedWindow> windowStore() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(OverSpeedWindows.WINDOWS_STORE),
                WindowKey.serde(), SpeedWindow.serde()).withLoggingDisabled().build();
    }

    /** The car clock store, values through the real serde (so a restart reads what the changelog would hold). */
    static KeyValueStore<String, CarClock> clockStore() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(OverSpeedWindows.CAR_CLOCKS_STORE),
                Serdes.String(), CarClockSerde.serde(PARSER)).withLoggingDisabled().build();
    }

    static MockProcessorContext<String, Object> taskWithStores(TaskId task, Path stateDir,
                                                              KeyValueStore<WindowKey, SpeedWindow> windows,
                                                              KeyValueStore<String, CarClock> clocks) {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>(new Properties(), task,
                stateDir.toFile());
        windows.init(context.getStateStoreContext(), windows);
        context.addStateStore(windows);
        clocks.init(context.getStateStoreContext(), clocks);
        context.addStateStore(clocks);
        return context;
    }

    static Record<String, DrivingRecord> reading(String timestamp, String car, int speed) {
        DrivingRecord record = PARSER.parse(TopologyFixture.line(timestamp, car,
                speed).getBytes(StandardCharsets.US_ASCII)).record();
        return new Record<>(car, record, 0L);
    }

    @Test
    void aWindowThatAlertsAsksForTheCommitAtOnceAndAQuietOneDoesNot() {
        MockProcessorContext<String, Object> context = taskOfPartition(0);
        context.setCurrentSystemTimeMs(1_000_000L);
        stampedAt = 1_000_000L;   // collected just now: the windows are not behind
        OverSpeedWindows windows = windows();
        windows.init(context);
        windows.process(collected("20200322000000", "A0001", 40));
        windows.process(collected("20200322000002", "A0001", 40));
        windows.process(collected("20200322000004", "A0001", 40));   // three records agree: A0001's clock starts
        windows.process(collected("20200322000130", "A0001", 40));   // closes [00:00, 00:30) at 00:30 + 60 s grace
        assertTrue(context.forwarded().isEmpty());
        assertFalse(context.committed(), "a window closed without an alert needs no early commit");

        speedingB0002(windows);
        assertEquals(1, context.forwarded().size());
        assertTrue(context.committed(), "the alert asks for its transaction's commit");

        context.resetCommit();
        context.setCurrentSystemTimeMs(1_000_000L + OverSpeedWindows.ALERT_COMMIT_GAP_MS - 1);
        windows.process(collected("20200322000430", "B0002", 120));   // closes [03:00, 03:30): alerts again
        assertEquals(2, context.forwarded().size());
        assertFalse(context.committed(), "at most one early commit per " + OverSpeedWindows.ALERT_COMMIT_GAP_MS
                + " ms");

        context.setCurrentSystemTimeMs(1_000_000L + OverSpeedWindows.ALERT_COMMIT_GAP_MS);
        windows.process(collected("20200322000600", "B0002", 120));
        assertEquals(3, context.forwarded().size());
        assertTrue(context.committed());
    }

    @Test
    void whileTheWindowsAreBehindAnAlertWaitsForTheRegularCommit() {
        MockProcessorContext<String, Object> context = taskOfPartition(0);
        context.setCurrentSystemTimeMs(1_000_000L);
        OverSpeedWindows windows = windows();
        windows.init(context);
        stampedAt = 1_000_000L - OverSpeedWindows.EARLY_COMMIT_MAX_LAG_MS - 1;   // collected a little too long ago
        speedingB0002(windows);
        assertEquals(1, context.forwarded().size());
        assertFalse(context.committed(), "behind: the alert goes out with the next regular commit");

        stampedAt = 1_000_000L - OverSpeedWindows.EARLY_COMMIT_MAX_LAG_MS;       // caught up
        windows.process(collected("20200322000430", "B0002", 120));   // closes [03:00, 03:30): alerts again
        assertEquals(2, context.forwarded().size());
        assertTrue(context.committed(), "caught up: the alert asks for its commit at once");
    }

    @Test
    void theDriversLagIsTheLastRecordsAndNoneOnceNoRecordCameForFiveSeconds() {
        PipelineCounters counters = new PipelineCounters();
        MockProcessorContext<String, Object> context = taskOfPartition(0);
        context.setCurrentSystemTimeMs(1_000_000L);
        OverSpeedWindows windows = new OverSpeedWindows(DEFAULTS, LogTimestamp.defaultZone(), counters);
        windows.init(context);
        stampedAt = 997_000L;
        windows.process(collected("20200322000130", "B0002", 120));
        assertEquals(3_000, counters.driverLagMs(1_000_000L));
        assertEquals(3_000, counters.driverLagMs(1_005_000L));
        assertEquals(0, counters.driverLagMs(1_005_001L), "nothing came since: nothing is waiting behind");
        stampedAt = 1_000_050L;   // stamped by a clock a little ahead of this one
        windows.process(collected("20200322000132", "B0002", 120));
        assertEquals(0, counters.driverLagMs(1_000_000L));
    }

    /** B0002 at 120 km/h: three records start its clock, a fourth closes [01:30, 02:00), which alerts. */
    private void speedingB0002(OverSpeedWindows windows) {
        windows.process(collected("20200322000130", "B0002", 120));
        windows.process(collected("20200322000132", "B0002", 120));
        windows.process(collected("20200322000134", "B0002", 120));
        windows.process(collected("20200322000300", "B0002", 120));
    }

    /** When the records of {@link #collected} were collected (their Kafka timestamp). */
    private long stampedAt;

    private Record<String, DrivingRecord> collected(String timestamp, String car, int speed) {
        return reading(timestamp, car, speed).withTimestamp(stampedAt);
    }

    private static List<String> forwarded(MockProcessorContext<String, Object> context) {
        return context.forwarded().stream().map(f -> f.childName().orElse("?") + " " + f.record().key() + " "
                + (f.record().value() instanceof byte[] line ? new String(line, StandardCharsets.US_ASCII) + " "
                + new String(f.record().headers().lastHeader(HeaderNames.SETASIDE_REASON).value(),
                        StandardCharsets.UTF_8)
                : ((OverSpeedAlert) f.record().value()).getWindowStartText())).toList();
    }

    /** What a changelog restores into a fresh store: the same entries (values through the serde). */
    private static <K, V> void restore(KeyValueStore<K, V> from, KeyValueStore<K, V> to) {
        try (KeyValueIterator<K, V> all = from.all()) {
            all.forEachRemaining(entry -> to.put(entry.key, entry.value));
        }
    }

    @Test
    void aRestartRestoresEveryCarsClockClosedBoundOpenWindowsAndHeldRecords() {
        KeyValueStore<WindowKey, SpeedWindow> windowsBefore = windowStore();
        KeyValueStore<String, CarClock> clocksBefore = clockStore();
        MockProcessorContext<String, Object> context = taskWithStores(new TaskId(1, 0), stateDir, windowsBefore,
                clocksBefore);
        context.setCurrentSystemTimeMs(1_000_000L);
        OverSpeedWindows before = windows();
        before.init(context);
        for (String t : List.of("20200322000000", "20200322000002", "20200322000004", "20200322000130")) {
            before.process(reading(t, "A0001", 100));           // A0001: clock 00:01:30, [00:00, 00:30) closed
        }
        for (String t : List.of("20200322000000", "20200322000002", "20200322000004", "20600101000000",
                "20200322000006")) {
            before.process(reading(t, "B0002", 120));           // B0002: a wrong clock, set aside by the next record
        }
        for (String t : List.of("20200322000000", "20200322000002", "20200322000004")) {
            before.process(reading(t, "C0003", 120));           // C0003 then falls silent
        }
        assertEquals(List.of("overspeed-alerts A0001 20200322000000",
                "setaside-records B0002 20600101000000,B0002,1,0,F,N,120,A01 clock-outlier"), forwarded(context));
        context.resetForwards();
        context.setCurrentSystemTimeMs(1_000_000L + 90_000);
        before.process(reading("20200322000008", "B0002", 120));
        before.process(reading("20200322000132", "A0001", 100));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_000_000L + 90_000);
        assertEquals(List.of("overspeed-alerts C0003 20200322000000"), forwarded(context),
                "90 s of silence: C0003's clock 00:00:04 + 90 s - 60 s grace closes its window, and only its");
        before.process(reading("20200322010000", "B0002", 120));   // held, decided only after the restart

        // A restart: a new processor over fresh stores holding what the changelogs restore.
        KeyValueStore<WindowKey, SpeedWindow> windowsAfter = windowStore();
        KeyValueStore<String, CarClock> clocksAfter = clockStore();
        MockProcessorContext<String, Object> restarted = taskWithStores(new TaskId(1, 0), stateDir, windowsAfter,
                clocksAfter);
        restore(windowsBefore, windowsAfter);
        restore(clocksBefore, clocksAfter);
        restarted.setCurrentSystemTimeMs(5_000_000L);
        PipelineCounters counters = new PipelineCounters();
        OverSpeedWindows after = new OverSpeedWindows(DEFAULTS, LogTimestamp.defaultZone(), counters);
        after.init(restarted);
        assertEquals(1, counters.count(Count.HELD_RECORDS), "B0002's held record is back");

        after.process(reading("20200322000020", "A0001", 250));    // A0001's [00:00, 00:30) is still closed: late
        after.process(reading("20200322000006", "C0003", 250));    // closed by the wall clock before the restart: late
        after.process(reading("20200322000031", "C0003", 250));    // a window C0003 never had: open
        after.process(reading("20200322000010", "B0002",
                120));    // agrees with B0002's clock: the held one is set aside
        after.process(reading("20200322000300", "A0001", 0));      // A0001's restored window [01:30, 02:00) closes
        assertEquals(List.of(
                "setaside-records A0001 20200322000020,A0001,1,0,F,N,250,A01 late",
                "setaside-records C0003 20200322000006,C0003,1,0,F,N,250,A01 late",
                "setaside-records B0002 20200322010000,B0002,1,0,F,N,120,A01 clock-outlier",
                "overspeed-alerts A0001 20200322000130"), forwarded(restarted));
        assertEquals(0, counters.count(Count.HELD_RECORDS));
        assertEquals(2, counters.lateRecords());
        assertEquals(new String(restarted.forwarded().get(0).record().headers()
                        .lastHeader(HeaderNames.SETASIDE_CAR_CLOCK).value(), StandardCharsets.UTF_8), "20200322000132",
                "A0001's clock came back from its open window");
    }
}
