package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.SetAsideReason;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.counters.PipelineCounters.Count;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inline windows on a raw driving topic keyed by car: with several raw partitions only records keyed by their
 * car are counted (each car's records are then in one partition, so in one task); any other is set aside as
 * {@code unkeyed} and still reaches {@code smartcar.driving}. With one partition, any key will do.
 */
class InlineWindowsKeyTest {

    @TempDir
    Path stateDir;

    @Test
    void withSeveralRawPartitionsRecordsKeyedByTheirCarAreCountedAndOthersSetAside() {
        try (TopologyFixture app = new TopologyFixture(stateDir, Map.of(), 4)) {
            for (int s = 0; s < 30; s += 2) {
                app.drive("N0001", TopologyFixture.line(String.format("202003220000%02d", s), "N0001", 120));
            }
            app.drive(null, TopologyFixture.line("20200322000010", "N0001", 0));     // no key: left out
            app.drive("N0002", TopologyFixture.line("20200322000012", "N0001", 0));  // another car's key: left out
            app.drive("N0001", TopologyFixture.line("20200322000200", "N0001", 120)); // moves the clock past the grace

            List<TestRecord<String, byte[]>> aside = app.setAside.readRecordsToList();
            assertEquals(2, aside.size());
            for (TestRecord<String, byte[]> r : aside) {
                assertEquals("N0001", r.key());
                assertEquals(SetAsideReason.UNKEYED.code(), text(r.headers(), HeaderNames.SETASIDE_REASON));
                assertEquals("smartcar.driving.raw", text(r.headers(), HeaderNames.ORIGIN_TOPIC));
            }
            assertEquals("20200322000010,N0001,1,0,F,N,0,A01", new String(aside.get(0).value(),
                    StandardCharsets.UTF_8));
            String message = text(aside.get(1).headers(), HeaderNames.SETASIDE_MESSAGE);
            assertTrue(message.contains("'N0002'") && message.contains("N0001") && message.contains("key.field=2"),
                    message);
            assertTrue(text(aside.get(0).headers(), HeaderNames.SETASIDE_MESSAGE).contains("missing"));

            // The two zero-speed records did not pull the average down: the window alerts at exactly 120.
            var alerts = app.alerts.readValuesToList();
            assertEquals(1, alerts.size());
            assertEquals(120.0, alerts.get(0).getAverageSpeed());
            assertEquals(15, alerts.get(0).getRecordCount());
            assertEquals(18, app.driving.readRecordsToList().size(), "every valid record is on smartcar.driving");
            assertEquals(2, app.counters.setAsideCount(SetAsideReason.UNKEYED.code()));
            PipelineCounters c = app.counters;
            assertEquals(c.count(Count.WINDOW_RECORDS_IN),
                    c.count(Count.WINDOWED_RECORDS) + c.setAsideTotal() + c.count(Count.HELD_RECORDS),
                    c.snapshot().toString());
        }
    }

    @Test
    void withOneRawPartitionAnyKeyIsCounted() {
        try (TopologyFixture app = new TopologyFixture(stateDir, Map.of(), 1)) {
            app.drive(null, TopologyFixture.line("20200322000000", "N0001", 100));
            app.drive("N0002", TopologyFixture.line("20200322000002", "N0001", 100));
            app.drive("N0001", TopologyFixture.line("20200322000200", "N0001", 100));
            app.advanceWallClock(Duration.ofSeconds(1));
            assertTrue(app.setAside.isEmpty());
            assertEquals(2, app.alerts.readValuesToList().get(0).getRecordCount());
        }
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
