package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.avro.TimeBasis;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.streams.overspeed.SpeedWindow;
import dev.smartcar.streams.overspeed.WindowKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The over-speed rule: windows, threshold, grace, lateness, the wall-clock flush, one alert per car and window.
 * Every car runs on its own clock, which starts once its first three records agree ({@link PerCarClockTopologyTest}
 * tests the clocks themselves): a car's windows close on its own later records or on the wall clock.
 */
class OverSpeedTopologyTest {

    private static final LogTimestamp TIME = LogTimestamp.defaultZone();

    @TempDir
    Path stateDir;
    private TopologyFixture app;

    private TopologyFixture start(Map<String, String> overrides) {
        app = new TopologyFixture(stateDir, overrides);
        return app;
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static Instant at(String text) {
        return Instant.ofEpochMilli(TIME.toEpochMillis(text));
    }

    /** Second {@code s} (0-59) of minute {@code m} of 2020-03-22 00:mm:ss. */
    private static String ts(int minute, int second) {
        return String.format("202003220%d%02d%02d", 0, minute, second);
    }

    private void drive(String timestamp, String car, int speed) {
        app.drive(TopologyFixture.line(timestamp, car, speed));
    }

    @Test
    void averageOfExactlyTheThresholdDoesNotAlertAndOneHundredthAboveDoes() {
        start(Map.of());
        for (int i = 0; i < 100; i++) {
            String t = ts(0, i % 30);
            drive(t, "A0001", 80);
            drive(t, "B0002", i == 57 ? 81 : 80);
        }
        drive(ts(1, 30), "A0001", 0);  // each car's clock 00:01:30: the first window's end + 60 s grace
        drive(ts(1, 30), "B0002", 0);

        List<OverSpeedAlert> alerts = app.alerts.readValuesToList();
        assertEquals(1, alerts.size(), alerts.toString());
        OverSpeedAlert alert = alerts.get(0);
        assertEquals("B0002", alert.getCarNumber());
        assertEquals(80.01, alert.getAverageSpeed(), 1e-9);
        assertEquals(100, alert.getRecordCount());
        assertEquals(8001, alert.getSpeedSum());
        assertEquals(81, alert.getMaxSpeed());
        assertEquals("20200322000000", alert.getWindowStartText());
        assertEquals(at("20200322000000"), alert.getWindowStart());
        assertEquals(at("20200322000030"), alert.getWindowEnd());
        assertEquals(80.0, alert.getThreshold());
        assertEquals(TimeBasis.EVENT_TIME, alert.getTimeBasis());
        assertEquals(TopologyFixture.WALL_START, alert.getDetectedAt());
        assertEquals(2L, app.counters.snapshot().get("windows_closed"));
    }

    @Test
    void windowsAreEpochAlignedThirtySecondsAndKeyedByCar() {
        start(Map.of());
        drive(ts(0, 29), "A0001", 200);
        drive(ts(0, 30), "A0001", 10);
        drive(ts(0, 59), "A0001", 10);
        drive(ts(3, 0), "A0001", 0);      // closes both windows

        List<KeyValue<String, OverSpeedAlert>> alerts = app.alerts.readKeyValuesToList();
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("A0001", alerts.get(0).key);
        assertEquals("20200322000000", alerts.get(0).value.getWindowStartText());
        assertEquals(1, alerts.get(0).value.getRecordCount());
    }

    @Test
    void recordLaterThanItsCarsClockButWithinGraceStillCounts() {
        start(Map.of());
        drive(ts(0, 10), "A0001", 100);
        drive(ts(0, 40), "A0001", 0);
        drive(ts(1, 0), "A0001", 0);     // A0001's clock 00:01:00: window [0, 30) is 30 s past its end, grace 60 s
        drive(ts(0, 20), "A0001", 70);   // 40 s behind its car's clock: within grace

        drive(ts(2, 0), "A0001", 0);
        List<OverSpeedAlert> alerts = app.alerts.readValuesToList();
        assertEquals(1, alerts.size());
        assertEquals(2, alerts.get(0).getRecordCount());
        assertEquals(85.0, alerts.get(0).getAverageSpeed());
        assertEquals(0, app.counters.lateRecords());
    }

    @Test
    void recordBeyondGraceIsCountedAsLateAndChangesNoAlert() {
        start(Map.of());
        drive(ts(0, 10), "A0001", 100);
        drive(ts(0, 12), "A0001", 100);
        drive(ts(1, 30), "A0001", 0);    // closes [00:00:00, 00:00:30): 00:01:30 - 60 s >= 00:00:30
        assertEquals(1, app.alerts.readValuesToList().size());

        drive(ts(0, 20), "A0001", 250);  // its window is closed: late
        drive(ts(2, 30), "A0001", 0);    // closes up to 00:01:30
        drive(ts(0, 45), "A0001", 250);  // a window that never had data is closed too
        app.advanceWallClock(Duration.ofMinutes(10));

        assertTrue(app.alerts.isEmpty(), "no second alert for a closed window");
        assertEquals(2, app.counters.lateRecords());
        assertEquals(6, app.driving.readValuesToList().size(), "late records still reach smartcar.driving");
        List<KeyValue<String, byte[]>> setAside = app.setAside.readKeyValuesToList();
        assertEquals(List.of("20200322000020,A0001,1,0,F,N,250,A01", "20200322000045,A0001,1,0,F,N,250,A01"),
                setAside.stream().map(r -> new String(r.value, java.nio.charset.StandardCharsets.US_ASCII)).toList(),
                "and to smartcar.setaside, line for line");
    }

    @Test
    void wallClockFlushClosesTheLastWindowWhenInputStops() {
        start(Map.of());
        for (int s = 0; s < 30; s += 2) {
            drive(ts(0, s), "A0001", 120);
        }
        // A0001's clock 00:00:28; the window ends at 00:00:30 and keeps 60 s of grace: 62 s of silence closes it.
        app.advanceWallClock(Duration.ofSeconds(61));
        assertTrue(app.alerts.isEmpty(), "not before end + grace");

        app.advanceWallClock(Duration.ofSeconds(1));
        List<OverSpeedAlert> alerts = app.alerts.readValuesToList();
        assertEquals(1, alerts.size());
        assertEquals(15, alerts.get(0).getRecordCount());
        assertEquals(TopologyFixture.WALL_START.plusSeconds(62), alerts.get(0).getDetectedAt());

        app.advanceWallClock(Duration.ofHours(1));
        assertTrue(app.alerts.isEmpty(), "exactly one alert");
    }

    @Test
    void oneAlertPerCarAndWindowWithItsOwnStart() {
        start(Map.of());
        String[] cars = {"A0001", "B0002", "C0003"};
        for (int second = 0; second < 90; second += 2) {
            for (String car : cars) {
                drive(ts(second / 60, second % 60), car, 150);
            }
        }
        app.advanceWallClock(Duration.ofMinutes(5));

        List<KeyValue<String, OverSpeedAlert>> alerts = app.alerts.readKeyValuesToList();
        assertEquals(9, alerts.size());
        Set<String> seen = new HashSet<>();
        for (KeyValue<String, OverSpeedAlert> alert : alerts) {
            assertEquals(alert.key, alert.value.getCarNumber());
            assertTrue(seen.add(alert.key + "-" + alert.value.getWindowStartText()), "duplicate " + alert);
            assertEquals(15, alert.value.getRecordCount());
        }
        assertEquals(Set.of("A0001-20200322000000", "A0001-20200322000030", "A0001-20200322000100",
                "B0002-20200322000000", "B0002-20200322000030", "B0002-20200322000100",
                "C0003-20200322000000", "C0003-20200322000030", "C0003-20200322000100"), seen);
        assertEquals("20200322000000", alerts.get(0).value.getWindowStartText(), "alerts come out in window order");
    }

    @Test
    void alertCarriesFirstLastAndTheAreaOfTheLatestRecord() {
        start(Map.of());
        app.drive("20200322000010,A0001,1,0,F,N,100,A02");
        app.drive("20200322000005,A0001,1,0,F,N,90,A03");  // older, arrives later: not the "last" record
        app.drive("20200322000003,A0001,1,0,F,N,95,A04");
        app.advanceWallClock(Duration.ofMinutes(2));

        OverSpeedAlert alert = app.alerts.readValue();
        assertEquals(at("20200322000003"), alert.getFirstDate());
        assertEquals(at("20200322000010"), alert.getLastDate());
        assertEquals("A02", alert.getLastAreaNumber());
        assertEquals(100, alert.getMaxSpeed());
        assertEquals(95.0, alert.getAverageSpeed());
    }

    @Test
    void hour24RecordFallsInTheFirstWindowOfTheNextDay() {
        start(Map.of());
        app.drive("20200322240000,Y0100,1,0,F,N,200,A03");
        app.drive("20200323000002,Y0100,1,0,F,N,200,A03");
        app.drive("20200323000004,Y0100,1,0,F,N,200,A03");
        app.advanceWallClock(Duration.ofMinutes(2));

        OverSpeedAlert alert = app.alerts.readValue();
        assertEquals(3, alert.getRecordCount());
        assertEquals("20200323000000", alert.getWindowStartText());
        assertEquals(at("20200323000000"), alert.getWindowStart());
    }

    @Test
    void windowThresholdAndGraceAreSettings() {
        start(Map.of(StreamsAppConfig.WINDOW_MS, "60000", StreamsAppConfig.THRESHOLD_KMH, "100",
                StreamsAppConfig.GRACE_MS, "0"));
        drive(ts(0, 10), "A0001", 101);
        drive(ts(0, 50), "A0001", 101);   // same 60 s window
        drive(ts(1, 0), "A0001", 100);    // A0001's clock 00:01:00 = end of the first window, grace 0: it closes
        drive(ts(0, 59), "A0001", 250);   // late at once with grace 0

        List<OverSpeedAlert> alerts = app.alerts.readValuesToList();
        assertEquals(1, alerts.size());
        assertEquals(2, alerts.get(0).getRecordCount());
        assertEquals(at("20200322000100"), alerts.get(0).getWindowEnd());
        assertEquals(100.0, alerts.get(0).getThreshold());
        assertEquals(1, app.counters.lateRecords());
        app.advanceWallClock(Duration.ofMinutes(2));
        assertTrue(app.alerts.isEmpty(), "A0001's [00:01:00, 00:02:00) at exactly 100 does not alert");
    }

    @Test
    void processingTimeModeWindowsOnTheWallClock() {
        start(Map.of(StreamsAppConfig.TIME_BASIS, StreamsAppConfig.PROCESSING_TIME));
        // Event times a day apart: on the wall clock they are all in the same window.
        app.drive("20200322000010,A0001,1,0,F,N,100,A02");
        app.drive("20200323120000,A0001,1,0,F,N,90,A02");
        app.advanceWallClock(Duration.ofSeconds(10));
        app.drive("20200321000000,A0001,1,0,F,N,95,A02");
        app.advanceWallClock(Duration.ofSeconds(20 + 60));

        OverSpeedAlert alert = app.alerts.readValue();
        assertEquals(3, alert.getRecordCount());
        assertEquals(TimeBasis.PROCESSING_TIME, alert.getTimeBasis());
        assertEquals(TopologyFixture.WALL_START, alert.getWindowStart(), "the wall clock starts on a 30 s boundary");
        assertEquals(TIME.format(TopologyFixture.WALL_START.toEpochMilli()), alert.getWindowStartText());
        assertTrue(app.alerts.isEmpty());
    }

    @Test
    void openWindowsAreInTheStoreAndClosedOnesAreGone() {
        start(Map.of());
        drive(ts(0, 10), "A0001", 100);
        assertTrue(app.alerts.isEmpty(), "one record closes no window");
        drive(ts(0, 40), "A0001", 60);
        drive(ts(0, 42), "A0001", 60);
        assertEquals(new SpeedWindow(100, 1, 100, at(ts(0, 10)).toEpochMilli(), at(ts(0, 10)).toEpochMilli(), "A01"),
                app.windowStore().get(new WindowKey("A0001", at(ts(0, 0)).toEpochMilli())));

        drive(ts(1, 35), "A0001", 0);   // closes [00:00:00, 00:00:30)
        assertEquals(null, app.windowStore().get(new WindowKey("A0001", at(ts(0, 0)).toEpochMilli())));
        assertEquals(2, app.windowStore().get(new WindowKey("A0001", at(ts(0, 30)).toEpochMilli())).count());
    }
}
