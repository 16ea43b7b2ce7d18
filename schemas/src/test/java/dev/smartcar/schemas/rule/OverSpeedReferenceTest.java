package dev.smartcar.schemas.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OverSpeedReferenceTest {

    private static final long S = 1_000;
    private static final long DAY = 86_400_000;
    private static final long DECADES = 40L * 365 * DAY;

    /** {@code count} records of {@code car} 2 s apart from {@code from}, all at {@code speed}. */
    private static void drive(OverSpeedReference rule, String car, long from, int count, int speed) {
        for (int i = 0; i < count; i++) {
            rule.add(car, from + i * 2 * S, speed);
        }
    }

    private static List<String> alerts(OverSpeedReference rule) {
        return rule.alerts().stream().map(w -> w.carNumber() + "@" + w.windowStart() + " n=" + w.count()).toList();
    }

    @Test
    void alertsOnlyStrictlyAboveTheThresholdPerCarAndEpochAlignedWindow() {
        OverSpeedReference rule = OverSpeedReference.pilot();
        // car A, window [0, 30 s): average exactly 80 -> no alert
        rule.add("A0001", 0, 70);
        rule.add("A0001", 29_999, 90);
        // car A, window [30 s, 60 s): average 80.5 -> alert
        rule.add("A0001", 30_000, 81);
        rule.add("A0001", 59_000, 80);
        // car B, window [30 s, 60 s): one record of 250 -> alert; window [60 s, 90 s): 0 -> none
        rule.add("B0002", 45_000, 250);
        rule.add("B0002", 60_000, 0);
        rule.add("B0002", 61_000, 0);
        List<OverSpeedReference.Window> alerts = rule.alerts();
        assertEquals(List.of(
                new OverSpeedReference.Window("A0001", 30_000, 60_000, 2, 161, 81),
                new OverSpeedReference.Window("B0002", 30_000, 60_000, 1, 250, 250)), alerts);
        assertEquals(80.5, alerts.get(0).averageSpeed());
        assertEquals(7, rule.windowedRecords());
        assertEquals(Map.of(), rule.setAsideByReason());
    }

    @Test
    void holdsOpenAndAlertingWindowsOnlyNotEveryWindowOfTheRun() {
        // 100 cars for a simulated day, one line each 2 s: 288,000 windows, of which car 1's alert (issue #26).
        OverSpeedReference rule = OverSpeedReference.pilot();
        for (long t = 0; t < DAY; t += 2 * S) {
            for (int car = 1; car <= 100; car++) {
                rule.add(String.format("A%04d", car), t, car == 1 ? 120 : 60);
            }
            if (t > 0 && t % (3_600 * S) == 0) {
                // car 1's alerts so far, and each car's open windows: the grace (60 s) over 30 s, plus the current
                assertTrue(rule.windowsHeld() <= t / (30 * S) + 100 * 4, "windows held at " + t + ": "
                        + rule.windowsHeld());
            }
        }
        assertEquals(2_880, rule.alerts().size());
        assertEquals(100 * 43_200, rule.windowedRecords());
    }

    @Test
    void tellsEachAlertingWindowAtTheRecordThatClosesItByTheCarsClock() {
        OverSpeedReference rule = OverSpeedReference.pilot();
        List<String> closed = new java.util.ArrayList<>();
        rule.onAlertClosedByClock(w -> closed.add(w.carNumber() + "@" + w.windowStart()));
        rule.add("A0001", 0, 120);                 // window [0, 30 s) alerts
        rule.add("A0001", 30_000, 10);             // window [30 s, 60 s) does not
        rule.add("A0001", 89_999, 10);             // the clock minus the grace (60 s) is still inside [0, 30 s)
        assertEquals(List.of(), closed);
        rule.add("A0001", 90_000, 10);             // now [0, 30 s) closes: told here, with this record
        assertEquals(List.of("A0001@0"), closed);
        rule.add("A0001", 150_000, 10);            // [30 s, 60 s) closes too, but it does not alert
        for (long t = 0; t < 6_000; t += 2_000) {  // open at the end of the input: alerts, but no clock closed it
            rule.add("B0002", t, 200);
        }
        assertEquals(List.of("A0001@0"), closed);
        assertEquals(2, rule.alerts().size());
    }

    @Test
    void alignsWindowsBeforeTheEpochToo() {
        OverSpeedReference rule = new OverSpeedReference(30_000, 80, 60_000, 600_000, 1);
        rule.add("C0003", -1, 100);
        assertEquals(-30_000, rule.alerts().get(0).windowStart());
    }

    @Test
    void aCarsClockStartsOnlyWhenConfirmRecordsAgreeAndLoneRecordsAreSetAsideAtTheEnd() {
        OverSpeedReference rule = OverSpeedReference.pilot();
        rule.add("A0001", DECADES, 200);           // a new car's first record is far in the future ...
        drive(rule, "A0001", 0, 15, 100);          // ... and its next records agree with each other, not with it
        rule.add("B0002", 0, 200);                 // only two records: never confirmed
        rule.add("B0002", 2 * S, 200);
        assertEquals(List.of("A0001@0 n=15"), alerts(rule));
        assertEquals(Map.of(OverSpeedReference.CLOCK_OUTLIER, 3L), rule.setAsideByReason());
        assertEquals(15, rule.windowedRecords());
        assertEquals(0, rule.clockResyncs(), "starting a clock is not a re-sync");
    }

    @Test
    void aFutureOutlierOfOneCarIsSetAsideAndNoCarLosesAWindow() {
        OverSpeedReference rule = OverSpeedReference.pilot();
        for (int i = 0; i < 60; i++) {              // two minutes, 3 cars interleaved
            for (String car : List.of("A0001", "B0002", "C0003")) {
                rule.add(car, i * 2 * S, car.equals("B0002") ? 60 : 100);
                if (car.equals("A0001") && i == 20) {
                    rule.add("A0001", DECADES, 250);   // a wrong device clock, once
                }
            }
        }
        assertEquals(List.of("A0001@0 n=15", "C0003@0 n=15", "A0001@30000 n=15", "C0003@30000 n=15",
                "A0001@60000 n=15", "C0003@60000 n=15", "A0001@90000 n=15", "C0003@90000 n=15"), alerts(rule));
        assertEquals(Map.of(OverSpeedReference.CLOCK_OUTLIER, 1L), rule.setAsideByReason());
        assertEquals(180, rule.windowedRecords());
    }

    @Test
    void confirmedJumpsForwardAndBackwardResyncTheCarAndItsAlertsGoOn() {
        OverSpeedReference rule = OverSpeedReference.pilot();
        drive(rule, "A0001", DAY, 30, 100);        // a later day first: 60 s
        drive(rule, "A0001", 2 * DAY, 15, 100);    // the next day (forward jump)
        drive(rule, "A0001", 0, 30, 100);          // an earlier day, after both (backward jump)
        assertEquals(List.of("A0001@0 n=15", "A0001@30000 n=15", "A0001@" + DAY + " n=15",
                "A0001@" + (DAY + 30_000) + " n=15", "A0001@" + 2 * DAY + " n=15"), alerts(rule));
        assertEquals(2, rule.clockResyncs());
        assertEquals(Map.of(), rule.setAsideByReason());
    }

    @Test
    void lateIsAgainstTheCarsOwnClockWithinAndBeyondTheGrace() {
        OverSpeedReference rule = OverSpeedReference.pilot();
        drive(rule, "B0002", 10 * 60 * S, 3, 0);   // another car, minutes ahead: changes nothing for A
        drive(rule, "A0001", 0, 3, 100);           // A at 0..4 s
        rule.add("A0001", 89 * S, 0);              // A's clock 89 s: [0, 30 s) stays open until 90 s
        rule.add("A0001", 10 * S, 60);             // 79 s behind, window still open: counts
        rule.add("A0001", 90 * S, 0);              // closes [0, 30 s)
        rule.add("A0001", 20 * S, 250);            // its window closed: late
        assertEquals(List.of("A0001@0 n=4"), alerts(rule));
        assertEquals(Map.of(OverSpeedReference.LATE, 1L), rule.setAsideByReason());
    }

    @Test
    void aTimelineTheCarAlreadyWentThroughIsLateNotAlertedTwice() {
        OverSpeedReference rule = OverSpeedReference.pilot();
        drive(rule, "A0001", 0, 15, 100);          // [0, 30 s) alerts
        drive(rule, "A0001", DAY, 15, 100);        // re-sync a day ahead
        drive(rule, "A0001", 0, 15, 100);          // the same records again: re-sync back, all in a closed span
        assertEquals(List.of("A0001@0 n=15", "A0001@" + DAY + " n=15"), alerts(rule));
        assertEquals(Map.of(OverSpeedReference.LATE, 15L), rule.setAsideByReason());
    }

    @Test
    void everyRecordIsInAWindowOrSetAsideWhateverTheClocksDo() {
        Random random = new Random(11);
        for (int run = 0; run < 20; run++) {
            OverSpeedReference rule = new OverSpeedReference(30_000, 80, random.nextInt(120) * S,
                    (120 + random.nextInt(1_000)) * S, 1 + random.nextInt(4));
            long[] clocks = new long[5];
            int added = 0;
            for (int i = 0; i < 5_000; i++) {
                int car = random.nextInt(clocks.length);
                int kind = random.nextInt(100);
                long t = kind < 2 ? clocks[car] + (random.nextBoolean() ? 1 : -1) * random.nextInt(40) * DAY
                        : kind < 5 ? clocks[car] - random.nextInt(300) * S
                        : clocks[car] + 2 * S;
                if (kind < 2 && random.nextBoolean()) {
                    clocks[car] = t;                   // a lasting jump, else a lone outlier
                } else if (kind >= 5) {
                    clocks[car] = t;
                }
                rule.add("C000" + (car + 1), t, random.nextInt(160));
                added++;
            }
            assertEquals(added, rule.windowedRecords() + rule.setAsideTotal(), "run " + run);
            assertTrue(rule.windowedRecords() > added / 2, "run " + run + ": " + rule.setAsideByReason());
        }
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new OverSpeedReference(0, 80, 60_000, 600_000, 3));
        assertThrows(IllegalArgumentException.class, () -> new OverSpeedReference(30_000, 80, -1, 600_000, 3));
        assertThrows(IllegalArgumentException.class, () -> new OverSpeedReference(30_000, 80, 60_000, 60_000, 3));
        assertThrows(IllegalArgumentException.class, () -> new OverSpeedReference(30_000, 80, 60_000, 600_000, 0));
        OverSpeedReference rule = OverSpeedReference.pilot();
        rule.alerts();
        assertThrows(IllegalStateException.class, () -> rule.add("A0001", 0, 1));
    }
}
