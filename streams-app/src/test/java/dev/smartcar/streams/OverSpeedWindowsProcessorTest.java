package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.avro.TimeBasis;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window processor on its own: fed inline by the raw topic's task, the windows are right only if that topic has
 * one partition (one task sees every car), so a task of a second partition refuses to start, naming the setting and
 * the two ways out; and a window that alerts asks for the commit at once (alerts do not wait for commit.interval.ms).
 */
class OverSpeedWindowsProcessorTest {

    private static final LogTimestamp TIME = LogTimestamp.defaultZone();
    private static final DrivingLineParser PARSER = new DrivingLineParser(TIME);

    @TempDir
    Path stateDir;

    private OverSpeedWindows windows(boolean rawInput) {
        return new OverSpeedWindows(30_000, 60_000, 1_000, 80.0, TimeBasis.EVENT_TIME, LogTimestamp.defaultZone(),
                new PipelineCounters(), rawInput);
    }

    private MockProcessorContext<String, OverSpeedAlert> taskOfPartition(int partition) {
        MockProcessorContext<String, OverSpeedAlert> context =
                new MockProcessorContext<>(new Properties(), new TaskId(1, partition), stateDir.toFile());
        KeyValueStore<WindowKey, SpeedWindow> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(OverSpeedWindows.WINDOWS_STORE), WindowKey.serde(), SpeedWindow.serde())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, Long> clock = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(OverSpeedWindows.CLOCK_STORE), Serdes.String(), Serdes.Long())
                .withLoggingDisabled().build();
        clock.init(context.getStateStoreContext(), clock);
        context.addStateStore(clock);
        return context;
    }

    private static Record<String, DrivingRecord> reading(String timestamp, String car, int speed) {
        DrivingRecord record = PARSER.parse(TopologyFixture.line(timestamp, car, speed).getBytes(StandardCharsets.US_ASCII)).record();
        return new Record<>(car, record, 0L);
    }

    @Test
    void aWindowThatAlertsAsksForTheCommitAtOnceAndAQuietOneDoesNot() {
        MockProcessorContext<String, OverSpeedAlert> context = taskOfPartition(0);
        context.setCurrentSystemTimeMs(1_000_000L);
        OverSpeedWindows windows = windows(true);
        windows.init(context);
        windows.process(reading("20200322000000", "A0001", 40));
        windows.process(reading("20200322000130", "A0001", 40));   // closes [00:00, 00:30) at 00:30 + 60 s grace
        assertTrue(context.forwarded().isEmpty());
        assertFalse(context.committed(), "a window closed without an alert needs no early commit");

        windows.process(reading("20200322000130", "B0002", 120));
        windows.process(reading("20200322000300", "B0002", 120));   // closes [01:30, 02:00): B0002 alerts
        assertEquals(1, context.forwarded().size());
        assertTrue(context.committed(), "the alert asks for its transaction's commit");

        context.resetCommit();
        context.setCurrentSystemTimeMs(1_000_000L + OverSpeedWindows.ALERT_COMMIT_GAP_MS - 1);
        windows.process(reading("20200322000430", "B0002", 120));   // closes [03:00, 03:30): alerts again
        assertEquals(2, context.forwarded().size());
        assertFalse(context.committed(), "at most one early commit per " + OverSpeedWindows.ALERT_COMMIT_GAP_MS + " ms");

        context.setCurrentSystemTimeMs(1_000_000L + OverSpeedWindows.ALERT_COMMIT_GAP_MS);
        windows.process(reading("20200322000600", "B0002", 120));
        assertEquals(3, context.forwarded().size());
        assertTrue(context.committed());
    }

    @Test
    void inlineWindowsRefuseASecondRawPartition() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> windows(true).init(taskOfPartition(1)));
        assertTrue(e.getMessage().contains(StreamsAppConfig.OVERSPEED_INPUT + "=inline")
                && e.getMessage().contains(StreamsAppConfig.OVERSPEED_INPUT + "=topic")
                && e.getMessage().contains("one partition"), e.getMessage());
    }

    @Test
    void inlineWindowsStartOnTheOnlyRawPartitionAndTopicWindowsOnAnyPartition() {
        assertDoesNotThrow(() -> windows(true).init(taskOfPartition(0)));
        assertDoesNotThrow(() -> windows(false).init(taskOfPartition(3)));
    }
}
