package dev.smartcar.streams.overspeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.contract.SetAsideReason;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * The rule for one car, alone: no processor, no context, no store. What it does outside the car is written down by
 * a recording {@link CarWindows.Effects} (30 s windows, 60 s grace, 10 min outlier bound, 3 records to re-sync).
 */
class CarWindowsTest {

    private static final LogTimestamp TIME = LogTimestamp.defaultZone();
    private static final DrivingLineParser PARSER = new DrivingLineParser(TIME);
    private static final CarWindows.Rule RULE = new CarWindows.Rule(30_000, 60_000, 600_000, 3, TIME);

    /** Everything the car did outside itself, in order. */
    private final List<String> effects = new ArrayList<>();
    private int held;
    private final CarWindows.Effects recorder = new CarWindows.Effects() {
        @Override
        public void windowChanged(String car, long start, SpeedWindow window) {
            effects.add("window " + TIME.format(start) + " n=" + window.count());
        }

        @Override
        public void windowsClosed(List<CarWindows.Closing> closed) {
            closed.forEach(c -> effects.add("closed " + TIME.format(c.start()) + " avg=" + c.window().average()));
        }

        @Override
        public void setAside(String car, DrivingRecord record, long timestamp, Headers headers, SetAsideReason reason,
                             String message, long carClock) {
            effects.add("aside " + TIME.format(record.getDate().toEpochMilli()) + " " + reason.code());
        }

        @Override
        public void held(int delta) {
            held += delta;
        }

        @Override
        public void resynced() {
            effects.add("resynced");
        }
    };
    private final CarWindows car = new CarWindows("A0001", RULE, recorder);

    private static DrivingRecord record(String time, int speed) {
        return PARSER.parse((time + ",A0001,1,0,F,N," + speed + ",A01").getBytes(StandardCharsets.US_ASCII))
                .record();
    }

    private void accept(String time, int speed) {
        DrivingRecord r = record(time, speed);
        car.accept(r, r.getDate().toEpochMilli(), 0L, RecordHeaders::new);
    }

    private void offer(String time, int speed) {
        DrivingRecord r = record(time, speed);
        car.offer(r, r.getDate().toEpochMilli(), 0L, RecordHeaders::new);
    }

    @Test
    void aWindowClosesOnceTheCarsClockPassesItsEndPlusTheGrace() {
        accept("20200322000000", 90);
        accept("20200322000010", 70);
        accept("20200322000129", 50);   // closed bound floor(01:29 - 60 s) = 00:00: nothing closes yet
        assertEquals(List.of("window 20200322000000 n=1", "window 20200322000000 n=2", "window 20200322000100 n=1"),
                effects);
        effects.clear();
        accept("20200322000130", 50);   // bound 00:30: [00:00, 00:30) closes
        assertEquals(List.of("closed 20200322000000 avg=80.0", "window 20200322000130 n=1"), effects);
        assertEquals(TIME.toEpochMillis("20200322000130"), car.clock());
        assertEquals(TIME.toEpochMillis("20200322000030"), car.closedBefore());
    }

    @Test
    void aRecordForAClosedWindowIsSetAsideAsLate() {
        accept("20200322000000", 90);
        accept("20200322000130", 50);
        effects.clear();
        accept("20200322000029", 120);
        assertEquals(List.of("aside 20200322000029 " + SetAsideReason.LATE.code()), effects);
    }

    @Test
    void recordsFarFromTheClockAreHeldAndThreeThatAgreeReSyncTheCar() {
        accept("20200322000000", 90);
        effects.clear();
        offer("20200323000000", 100);
        offer("20200323000002", 100);
        assertEquals(List.of(), effects, "held, not yet a new time");
        assertEquals(2, held);
        assertEquals(2, car.heldCount());
        offer("20200323000004", 100);
        assertEquals(List.of("closed 20200322000000 avg=90.0", "resynced", "window 20200323000000 n=1",
                "window 20200323000000 n=2", "window 20200323000000 n=3"), effects);
        assertEquals(0, held);
        assertEquals(TIME.toEpochMillis("20200323000004"), car.clock());

        effects.clear();
        accept("20200322000010", 100);
        assertEquals(List.of("aside 20200322000010 late"), effects, "a window of the old timeline is closed");
    }

    @Test
    void aHeldRecordIsSetAsideWhenTheCarsNextRecordAgreesWithItsClock() {
        accept("20200322000000", 90);
        effects.clear();
        offer("20600101000000", 250);
        offer("20200322000002", 90);
        assertEquals(List.of("aside 20600101000000 " + SetAsideReason.CLOCK_OUTLIER.code(),
                "window 20200322000000 n=2"),
                effects);
        assertEquals(0, held);
    }

    @Test
    void aSilentCarsWindowsCloseOnTheWallClockAndItsHeldRecordsAreSetAside() {
        car.seen(1_000_000L);
        accept("20200322000000", 90);
        offer("20600101000000", 250);
        effects.clear();
        car.idle(1_000_000L + 59_999, 0L, 60_000);
        assertEquals(List.of(), effects, "clock 00:00 + idle 59.999 s - grace 60 s does not reach 00:30");
        car.idle(1_000_000L + 90_000, 0L, 60_000);
        assertEquals(List.of("aside 20600101000000 clock-outlier", "closed 20200322000000 avg=90.0"), effects);
        assertEquals(TIME.toEpochMillis("20200322000030"), car.closedBefore());
        assertEquals(0, car.openCount());
    }

    @Test
    void whatTheStoreKeepsRestoresTheSameCar() {
        accept("20200322000000", 90);
        offer("20600101000000", 250);
        CarClock stored = car.stored();
        assertFalse(car.dirty());
        CarWindows back = CarWindows.restore("A0001", stored, List.of(new CarWindows.Closing("A0001",
                TIME.toEpochMillis("20200322000000"), SpeedWindow.first(record("20200322000000", 90),
                TIME.toEpochMillis("20200322000000")))), RULE, recorder);
        assertEquals(car.clock(), back.clock());
        assertEquals(car.closedBefore(), back.closedBefore());
        assertEquals(1, back.heldCount());
        assertEquals(1, back.openCount());
    }

    @Test
    void aCarKeepsTheNewestClosedSpansOnly() {
        for (int day = 0; day < OverSpeedReference.CLOSED_SPANS_KEPT + 3; day++) {
            long t = TIME.toEpochMillis("20200101000000") + day * 86_400_000L;
            for (int i = 0; i < RULE.confirmRecords(); i++) {
                DrivingRecord r = record(TIME.format(t + i * 1_000L), 50);
                car.offer(r, t + i * 1_000L, 0L, RecordHeaders::new);
            }
        }
        long[] spans = car.stored().closedSpans();
        assertEquals(OverSpeedReference.CLOSED_SPANS_KEPT * 2, spans.length);
        assertEquals(TIME.toEpochMillis("20200103000000"), spans[0], "the oldest two timelines' spans were dropped");
    }
}
