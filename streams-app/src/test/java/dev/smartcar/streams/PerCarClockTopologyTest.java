package dev.smartcar.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.rule.OverSpeedReference;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.counters.PipelineCounters.Count;
import dev.smartcar.streams.overspeed.OverSpeedWindows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each car on its own event-time clock (issue #11): a wrong device clock or a replayed earlier day affects only its
 * own car; a far-off record is held until the car's next records confirm or refute its time; every valid record
 * is counted in a window or set aside on {@code smartcar.setaside} with its line and reason; and the same input
 * gives the alerts and set-aside counts of {@link OverSpeedReference}.
 */
class PerCarClockTopologyTest {

    private static final LogTimestamp TIME = LogTimestamp.defaultZone();
    private static final DateTimeFormatter DIGITS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final LocalDateTime DAY = LocalDateTime.of(2020, 3, 22, 0, 0);

    @TempDir
    Path stateDir;
    private TopologyFixture app;
    private final List<String> fed = new ArrayList<>();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private TopologyFixture start() {
        app = new TopologyFixture(stateDir, Map.of());
        return app;
    }

    private static String at(LocalDateTime t) {
        return t.format(DIGITS);
    }

    /** {@code count} lines of {@code car}, 2 s apart from {@code from}, at {@code speed}. */
    private static List<String> lines(String car, LocalDateTime from, int count, int speed) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(TopologyFixture.line(at(from.plusSeconds(2L * i)), car, speed));
        }
        return lines;
    }

    /** Cars interleaved line by line, as the original's drivers write one log. */
    private static List<String> interleaved(List<List<String>> cars) {
        List<String> out = new ArrayList<>();
        int longest = cars.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (List<String> car : cars) {
                if (i < car.size()) {
                    out.add(car.get(i));
                }
            }
        }
        return out;
    }

    private void feed(List<String> lines) {
        for (String line : lines) {
            app.drive(line);
            fed.add(line);
        }
    }

    private List<String> alertKeys() {
        return app.alerts.readValuesToList().stream()
                .map(a -> a.getCarNumber() + "-" + a.getWindowStartText() + " n="
                        + a.getRecordCount()).sorted().toList();
    }

    private static String header(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The reference over every line fed so far, in the same order; after the input ended. */
    private OverSpeedReference reference() {
        OverSpeedReference reference = OverSpeedReference.pilot();
        for (String line : fed) {
            String[] f = line.split(",");
            reference.add(f[1], TIME.toEpochMillis(f[0]), Integer.parseInt(f[6]));
        }
        return reference;
    }

    private static List<String> keys(OverSpeedReference reference) {
        return reference.alerts().stream()
                .map(w -> w.carNumber() + "-" + TIME.format(w.windowStart()) + " n=" + w.count()).sorted().toList();
    }

    private void assertConservation() {
        PipelineCounters c = app.counters;
        assertEquals(0, c.count(Count.HELD_RECORDS), "nothing held once the cars went silent");
        assertEquals(c.count(Count.WINDOW_RECORDS_IN), c.count(Count.WINDOWED_RECORDS) + c.setAsideTotal(),
                "every record in a window or set aside: " + c.snapshot());
    }

    @Test
    void aFutureDatedLineOfOneCarIsSetAsideAndNoOtherCarLosesAnAlert() {
        start();
        List<List<String>> day = List.of(lines("A0001", DAY, 60, 100), lines("B0002", DAY, 60, 120),
                lines("C0003", DAY, 60, 50));
        feed(interleaved(day).subList(0, 90));
        String wrongClock = "20600101000000,A0001,1,0,F,N,250,A01";
        feed(List.of(wrongClock));
        feed(interleaved(day).subList(90, 180));
        app.advanceWallClock(Duration.ofMinutes(2));

        List<String> expected = keys(reference());
        assertEquals(8, expected.size(), "A0001 and B0002 alert in all four windows: " + expected);
        assertEquals(expected, alertKeys());
        List<TestRecord<String, byte[]>> setAside = app.setAside.readRecordsToList();
        assertEquals(1, setAside.size());
        TestRecord<String, byte[]> outlier = setAside.get(0);
        assertEquals("A0001", outlier.key());
        assertEquals(wrongClock, new String(outlier.value(), StandardCharsets.US_ASCII), "the original line");
        assertEquals(OverSpeedReference.CLOCK_OUTLIER, header(outlier.headers(), HeaderNames.SETASIDE_REASON));
        assertEquals("20200322000058", header(outlier.headers(), HeaderNames.SETASIDE_CAR_CLOCK),
                "the car's clock when the outlier was set aside");
        String message = header(outlier.headers(), HeaderNames.SETASIDE_MESSAGE);
        assertTrue(message.contains("ahead of its car's clock") && message.contains("agreed with its clock"), message);
        assertEquals("smartcar.driving.raw", header(outlier.headers(), HeaderNames.ORIGIN_TOPIC),
                "inline (the default): read from the raw topic");
        assertEquals("/data/SmartCarDriverInfo.log", header(outlier.headers(), "smartcar.file"),
                "connector headers kept");
        assertEquals(Map.of(OverSpeedReference.CLOCK_OUTLIER, 1L),
                app.counters.snapshot().get("set_aside_by_reason"));
        assertEquals(0, app.counters.lateRecords());
        assertConservation();
    }

    @Test
    void aConfirmedJumpForwardResyncsTheCarAndItsAlertsGoOn() {
        start();
        feed(interleaved(List.of(lines("A0001", DAY, 30, 100), lines("B0002", DAY, 30, 100))));
        // A new day for A0001 only (a device reset): three records agree, the car re-syncs to it.
        feed(lines("A0001", DAY.plusDays(1), 30, 100));
        assertEquals(List.of("A0001-20200322000000 n=15", "A0001-20200322000030 n=15"), alertKeys(),
                "the old timeline's windows close at the re-sync");
        assertEquals(1, app.counters.count(Count.CLOCK_RESYNCS));
        app.advanceWallClock(Duration.ofMinutes(2));

        assertEquals(List.of("A0001-20200323000000 n=15", "A0001-20200323000030 n=15",
                "B0002-20200322000000 n=15", "B0002-20200322000030 n=15"), alertKeys());
        assertTrue(app.setAside.isEmpty());
        assertEquals(6, keys(reference()).size());
        assertConservation();
    }

    @Test
    void anEarlierDayAfterALaterOneResyncsBackAndAlertsLikeTheReference() {
        start();
        List<List<String>> later = List.of(lines("A0001", DAY.plusDays(1), 60, 100), lines("B0002", DAY.plusDays(1), 60,
                90));
        List<List<String>> earlier = List.of(lines("A0001", DAY, 60, 100), lines("B0002", DAY, 60, 90));
        feed(interleaved(later));
        app.advanceWallClock(Duration.ofMinutes(2));
        List<String> first = alertKeys();
        assertEquals(8, first.size(), first.toString());

        feed(interleaved(earlier));
        app.advanceWallClock(Duration.ofMinutes(2));
        List<String> all = new ArrayList<>(first);
        all.addAll(alertKeys());
        all.sort(null);
        assertEquals(keys(reference()), all);
        assertEquals(16, all.size(), "the earlier day alerts too: " + all);
        assertEquals(2, app.counters.count(Count.CLOCK_RESYNCS));
        assertEquals(0, app.counters.setAsideTotal());
        assertConservation();
    }

    @Test
    void lateIsAgainstTheCarsOwnClockWithinAndBeyondTheGrace() {
        start();
        feed(lines("B0002", DAY.plusMinutes(5), 3, 0));      // another car minutes ahead changes nothing for A0001
        feed(lines("A0001", DAY, 3, 100));
        feed(List.of(TopologyFixture.line(at(DAY.plusSeconds(89)), "A0001", 0)));
        feed(List.of(TopologyFixture.line(at(DAY.plusSeconds(10)), "A0001", 60)));   // 79 s behind, window open
        feed(List.of(TopologyFixture.line(at(DAY.plusSeconds(90)), "A0001", 0)));    // closes [0, 30 s)
        feed(List.of(TopologyFixture.line(at(DAY.plusSeconds(20)), "A0001", 250)));  // beyond: late

        assertEquals(List.of("A0001-20200322000000 n=4"), alertKeys());
        List<TestRecord<String, byte[]>> setAside = app.setAside.readRecordsToList();
        assertEquals(1, setAside.size());
        assertEquals(OverSpeedReference.LATE, header(setAside.get(0).headers(), HeaderNames.SETASIDE_REASON));
        assertEquals("20200322000130", header(setAside.get(0).headers(), HeaderNames.SETASIDE_CAR_CLOCK));
        assertEquals(1, app.counters.lateRecords());
        app.advanceWallClock(Duration.ofMinutes(2));
        assertTrue(app.alerts.isEmpty());
        OverSpeedReference reference = reference();
        assertEquals(Map.of(OverSpeedReference.LATE, 1L), reference.setAsideByReason());
        assertConservation();
    }

    @Test
    void theWallClockFlushIsPerCar() {
        start();
        feed(lines("A0001", DAY, 15, 120));                  // A0001 ends at 00:00:28, then stays silent
        feed(lines("B0002", DAY, 14, 120));
        app.advanceWallClock(Duration.ofSeconds(40));
        feed(lines("B0002", DAY.plusSeconds(28), 1, 120));   // B0002 keeps sending (wall clock)
        app.advanceWallClock(Duration.ofSeconds(22));         // A0001 idle 62 s: its window closes

        assertEquals(List.of("A0001-20200322000000 n=15"), alertKeys(), "B0002, idle 22 s, keeps its window open");
        app.advanceWallClock(Duration.ofSeconds(40));
        assertEquals(List.of("B0002-20200322000000 n=15"), alertKeys());
        assertConservation();
    }

    @Test
    void aCarsFirstRecordsStartItsClockOnlyWhenTheyAgreeAndLoneOnesAreSetAsideWhenItFallsSilent() {
        start();
        feed(List.of(TopologyFixture.line("20600101000000", "A0001", 250)));    // a new car's first record, wrong
        feed(lines("A0001", DAY, 15, 100));
        feed(lines("B0002", DAY, 2, 200));                                      // two records, then silence
        assertEquals(Map.of(OverSpeedReference.CLOCK_OUTLIER, 1L), app.counters.snapshot().get("set_aside_by_reason"));
        assertEquals(2, app.counters.count(Count.HELD_RECORDS));
        assertNotNull(app.clockStore().get("B0002"), "held records are in the changelogged store");
        assertEquals(2, app.clockStore().get("B0002").held().size());

        app.advanceWallClock(Duration.ofSeconds(61));
        app.advanceWallClock(Duration.ofSeconds(1));
        assertEquals(List.of("A0001-20200322000000 n=15"), alertKeys());
        List<String> reasons = app.setAside.readRecordsToList().stream()
                .map(r -> r.key() + " " + header(r.headers(), HeaderNames.SETASIDE_REASON)).toList();
        assertEquals(List.of("A0001 clock-outlier", "B0002 clock-outlier", "B0002 clock-outlier"), reasons);
        assertEquals(keys(reference()), List.of("A0001-20200322000000 n=15"));
        assertEquals(reference().setAsideByReason(), app.counters.snapshot().get("set_aside_by_reason"));
        assertConservation();
    }

    @Test
    void aTimelineTheCarAlreadyClosedIsLateNotAlertedTwice() {
        start();
        feed(lines("A0001", DAY, 15, 100));
        feed(lines("A0001", DAY.plusDays(1), 15, 100));
        feed(lines("A0001", DAY, 15, 100));                  // the same day again
        app.advanceWallClock(Duration.ofMinutes(2));

        assertEquals(List.of("A0001-20200322000000 n=15", "A0001-20200323000000 n=15"), alertKeys());
        assertEquals(15, app.counters.lateRecords());
        assertEquals(keys(reference()), List.of("A0001-20200322000000 n=15", "A0001-20200323000000 n=15"));
        assertConservation();
    }

    /**
     * A fleet whose devices misbehave at random — lone records decades ahead or days behind, lasting jumps to
     * another day, records behind by minutes — gives exactly the reference's alerts and set-aside counts.
     */
    @Test
    void aFleetWithWrongClocksAndReplayedDaysAlertsExactlyLikeTheReference() {
        start();
        Random random = new Random(1102);
        int cars = 12;
        LocalDateTime[] clock = new LocalDateTime[cars];
        for (int c = 0; c < cars; c++) {
            clock[c] = DAY.plusSeconds(random.nextInt(20));
        }
        for (int i = 0; i < 6_000; i++) {
            int c = random.nextInt(cars);
            String car = String.format("F%04d", c + 1);
            int kind = random.nextInt(1_000);
            LocalDateTime t;
            if (kind < 5) {
                t = clock[c].plusYears(40);                       // a lone wrong clock
            } else if (kind < 8) {
                clock[c] = clock[c].plusDays(random.nextBoolean() ? 1 : -1).withHour(0).withMinute(0);
                t = clock[c];                                     // a new day or a replayed one, lasting
            } else if (kind < 30) {
                t = clock[c].minusSeconds(random.nextInt(120));   // behind by up to two minutes
            } else {
                clock[c] = clock[c].plusSeconds(2);
                t = clock[c];
            }
            int speed = (c % 3 == 0 ? 70 : 50) + random.nextInt(40);
            feed(List.of(TopologyFixture.line(at(t), car, speed)));
        }
        app.advanceWallClock(Duration.ofMinutes(5));

        OverSpeedReference reference = reference();
        assertTrue(reference.alerts().size() > 50, "the fleet has speeders: " + reference.alerts().size());
        assertTrue(reference.setAsideByReason().getOrDefault(OverSpeedReference.LATE, 0L) > 0
                && reference.setAsideByReason().getOrDefault(OverSpeedReference.CLOCK_OUTLIER, 0L) > 0,
                "both reasons occur: " + reference.setAsideByReason());
        assertTrue(reference.clockResyncs() > 5);
        assertEquals(keys(reference), alertKeys());
        assertEquals(reference.setAsideByReason(),
                new TreeMap<>(castLongs(app.counters.snapshot().get("set_aside_by_reason"))));
        assertEquals(reference.windowedRecords(), app.counters.count(Count.WINDOWED_RECORDS));
        assertEquals(reference.setAsideTotal(), app.setAside.readRecordsToList().size());
        assertEquals(reference.clockResyncs(), app.counters.count(Count.CLOCK_RESYNCS));
        assertConservation();
    }

    @Test
    void theCarClocksAreAChangeloggedStore() {
        start();
        feed(lines("A0001", DAY, 3, 100));
        assertTrue(app.driver.producedTopicNames().contains("ttd-" + OverSpeedWindows.CAR_CLOCKS_STORE + "-changelog"),
                app.driver.producedTopicNames().toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> castLongs(Object map) {
        return (Map<String, Long>) map;
    }
}
