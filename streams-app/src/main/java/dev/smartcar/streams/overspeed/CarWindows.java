package dev.smartcar.streams.overspeed;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.schemas.contract.SetAsideReason;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The over-speed rule for one car ({@link OverSpeedWindows} says the rule): the car's clock, its open windows and
 * the records it holds, changed only through {@link #accept}, {@link #offer}, {@link #hold}, {@link #resync},
 * {@link #closeUpTo} and {@link #idle}. What it does outside the car (a window written, windows closed, a record set
 * aside) goes to its {@link Effects}, which the processor writes to Kafka: the rule needs no
 * {@code ProcessorContext}, so a test drives it alone.
 *
 * <p>{@link #stored} is what the car's clock store keeps ({@link CarClock}); the open windows have their own store,
 * and the wall-clock time of the last record lives in memory only (idle time counts from the task's start after a
 * restart, never across it).
 */
final class CarWindows {

    private static final Logger log = LoggerFactory.getLogger(CarWindows.class);
    private static final long NOT_SEEN = Long.MIN_VALUE;

    /** The rule's settings, one per task. */
    record Rule(long windowMs, long graceMs, long outlierMs, int confirmRecords, LogTimestamp time) { }

    /** A window being closed, with its car. */
    record Closing(String car, long start, SpeedWindow window) { }

    /** What the rule does outside the car. */
    interface Effects {
        /** The car's window starting at {@code start} is now {@code window}. */
        void windowChanged(String car, long start, SpeedWindow window);

        /** These windows of the car closed (each removed from the open ones), in no particular order. */
        void windowsClosed(List<Closing> closed);

        /**
         * A valid record the windows leave out, with its Kafka timestamp and headers (its origin included), and the
         * car's clock then ({@link CarClock#NO_CLOCK}: none).
         */
        void setAside(String car, DrivingRecord record, long timestamp, Headers headers, SetAsideReason reason,
                      String message, long carClock);

        /** The car holds {@code delta} more records (fewer when negative). */
        void held(int delta);

        /** The car moved to a new timeline. */
        void resynced();
    }

    private final String car;
    private final Rule rule;
    private final Effects effects;

    // Kept in the store.
    private long time = CarClock.NO_CLOCK;
    private long closedBefore = Long.MIN_VALUE;
    private long timelineFrom = CarClock.NO_WINDOW;
    private long[] closedSpans = CarClock.NO_SPANS;
    private final List<CarClock.HeldRecord> held = new ArrayList<>(0);

    // Memory only.
    private long heldClock = CarClock.NO_CLOCK;
    private long wallAtLastRecord = NOT_SEEN;
    private long earliestOpenEnd = Long.MAX_VALUE;
    /** Something the store must get before the commit. */
    private boolean dirty;
    private long[] openStarts = new long[2];
    private SpeedWindow[] openWindows = new SpeedWindow[2];
    private int openCount;

    CarWindows(String car, Rule rule, Effects effects) {
        this.car = car;
        this.rule = rule;
        this.effects = effects;
    }

    /** The car as its stores have it: the stored clock and the open windows, restored. */
    static CarWindows restore(String car, CarClock stored, List<Closing> open, Rule rule, Effects effects) {
        CarWindows c = new CarWindows(car, rule, effects);
        c.time = stored.time();
        c.closedBefore = stored.closedBefore();
        c.timelineFrom = stored.timelineFrom();
        c.closedSpans = stored.closedSpans();
        for (CarClock.HeldRecord h : stored.held()) {
            c.held.add(h);
            c.heldClock = Math.max(c.heldClock, h.eventTime());
        }
        for (Closing w : open) {
            c.putWindow(w.start(), w.window());
        }
        // The stored clock is written only when it cannot be recomputed: the latest record of the open windows is
        // the rest of it, and the closed bound follows from the clock.
        c.time = Math.max(c.time, c.latestOpenRecord());
        c.timelineFrom = Math.min(c.timelineFrom, c.earliestOpenStart());
        if (c.hasClock()) {
            c.closedBefore = Math.max(c.closedBefore, c.closedBound(c.time));
        }
        return c;
    }

    /** What the clock store keeps; the car is clean until it next changes. */
    CarClock stored() {
        dirty = false;
        return new CarClock(time, closedBefore, timelineFrom, closedSpans, List.copyOf(held));
    }

    /** Whether the clock store must get {@link #stored} before the commit. */
    boolean dirty() {
        return dirty;
    }

    boolean hasClock() {
        return time != CarClock.NO_CLOCK;
    }

    /** The latest event time accepted on the car's current timeline, or {@link CarClock#NO_CLOCK}. */
    long clock() {
        return time;
    }

    /** Every window of the car that ends at or before this is closed. */
    long closedBefore() {
        return closedBefore;
    }

    int heldCount() {
        return held.size();
    }

    int openCount() {
        return openCount;
    }

    /** A record of the car arrived at this wall-clock time. */
    void seen(long wallNow) {
        wallAtLastRecord = wallNow;
    }

    /**
     * An event-time record: accepted if it is within the outlier bound of the car's clock, else held (and the car
     * re-syncs once enough held records agree). {@code headers} gives its headers with its origin, asked for only
     * when it is held or set aside.
     */
    void offer(DrivingRecord record, long t, long timestamp, Supplier<Headers> headers) {
        if (hasClock() && Math.abs(t - time) <= rule.outlierMs()) {
            if (!held.isEmpty()) {
                setAsideHeld("the car's next record (" + rule.time().format(t) + ") agreed with its clock");
            }
            accept(record, t, timestamp, headers);
        } else {
            if (!held.isEmpty() && Math.abs(t - heldClock) > rule.outlierMs()) {
                setAsideHeld("the car's next record (" + rule.time().format(t)
                        + ") agreed with neither its clock nor the held records");
            }
            hold(new CarClock.HeldRecord(record, t, timestamp, headers.get()));
        }
    }

    /** Adds the record to its window at time {@code t}, or sets it aside as late if that window is closed. */
    void accept(DrivingRecord record, long t, long timestamp, Supplier<Headers> headers) {
        if (!add(record, t)) {
            effects.setAside(car, record, timestamp, headers.get(), SetAsideReason.LATE, lateMessage(t), time);
        }
    }

    /** Holds the record until the car's next records decide about its time; enough that agree re-sync the car. */
    void hold(CarClock.HeldRecord record) {
        held.add(record);
        heldClock = Math.max(heldClock, record.eventTime());
        dirty = true;
        effects.held(1);
        if (held.size() >= rule.confirmRecords()) {
            resync();
        }
    }

    /**
     * The car moves to the time its held records agree on: the old timeline's windows close now and the span they
     * covered stays closed (no window alerts twice), then the held records are accepted in order.
     */
    void resync() {
        if (hasClock()) {
            long from = time;
            long to = Math.max(closedBefore, Math.floorDiv(time, rule.windowMs()) * rule.windowMs() + rule.windowMs());
            if (timelineFrom != CarClock.NO_WINDOW) {
                addClosedSpan(timelineFrom, to);
            }
            closeUpTo(Long.MAX_VALUE);
            effects.resynced();
            log.info("car {} re-synced its clock from {} to {}: {} records agreed on the new time", car,
                    rule.time().format(from), rule.time().format(heldClock), held.size());
        }
        time = CarClock.NO_CLOCK;
        closedBefore = Long.MIN_VALUE;
        timelineFrom = CarClock.NO_WINDOW;
        List<CarClock.HeldRecord> taken = takeHeld();
        for (CarClock.HeldRecord h : taken) {
            if (!add(h.record(), h.eventTime())) {
                effects.setAside(car, h.record(), h.timestamp(), h.headers(), SetAsideReason.LATE,
                        lateMessage(h.eventTime()), time);
            }
        }
        dirty = true;
    }

    /**
     * Closes the car's open windows that end at or before {@code bound}, giving them to {@link Effects#windowsClosed}
     * in one call; returns the latest end closed ({@code Long.MIN_VALUE}: none).
     */
    long closeUpTo(long bound) {
        List<Closing> closing = new ArrayList<>(2);
        long latestEnd = Long.MIN_VALUE;
        for (int i = openCount - 1; i >= 0; i--) {
            long start = openStarts[i];
            if (start + rule.windowMs() <= bound) {
                closing.add(new Closing(car, start, openWindows[i]));
                removeWindowAt(i);
                latestEnd = Math.max(latestEnd, start + rule.windowMs());
            }
        }
        recomputeEarliestOpenEnd();
        if (!closing.isEmpty()) {
            effects.windowsClosed(closing);
        }
        return latestEnd;
    }

    /**
     * The wall clock moved on: a car silent for a while may have stopped, so its windows close against its clock
     * extended by its idle time (since its last record, or {@code startedAt}, whichever is later), and records it
     * holds are set aside once it has been silent for {@code silentMs}.
     */
    void idle(long wallNow, long startedAt, long silentMs) {
        if (openCount == 0 && held.isEmpty()) {
            return;
        }
        long idle = Math.max(0, wallNow - Math.max(wallAtLastRecord, startedAt));
        if (!held.isEmpty() && idle >= silentMs) {
            setAsideHeld("the car sent nothing more for " + idle + " ms (wall clock)");
        }
        if (openCount > 0 && hasClock() && earliestOpenEnd <= time + idle - rule.graceMs()) {
            // Closed up to the end of the windows that had data only: a car resuming later in event time opens new
            // windows rather than finding them closed.
            long closedUpTo = closeUpTo(time + idle - rule.graceMs());
            closedBefore = Math.max(closedBefore, closedUpTo);
            dirty = true;
        }
    }

    /** Adds the record to its car's window, or returns false if that window is closed (the record is late). */
    private boolean add(DrivingRecord record, long t) {
        boolean advanced = t > time;
        if (advanced) {
            time = t;
            long bound = closedBound(t);
            if (bound > closedBefore) {
                closedBefore = bound;
                if (earliestOpenEnd <= bound) {
                    closeUpTo(bound);
                }
            }
        }
        long start = t - Math.floorMod(t, rule.windowMs());
        if (start + rule.windowMs() <= closedBefore || inClosedSpan(start)) {
            // A late record that moved the clock is in no open window: store the clock, it cannot be recomputed.
            dirty |= advanced;
            return false;
        }
        if (start < timelineFrom) {
            timelineFrom = start;
            dirty = true;
        }
        SpeedWindow window = window(start);
        SpeedWindow updated = window == null ? SpeedWindow.first(record, t) : window.add(record, t);
        putWindow(start, updated);
        effects.windowChanged(car, start, updated);
        return true;
    }

    private void setAsideHeld(String why) {
        for (CarClock.HeldRecord h : takeHeld()) {
            String from = hasClock()
                    ? Duration.ofMillis(Math.abs(h.eventTime() - time)).toString().substring(2).toLowerCase()
                    + (h.eventTime() > time ? " ahead of" : " behind") + " its car's clock"
                    : "the first time of a car with no clock yet";
            effects.setAside(car, h.record(), h.timestamp(), h.headers(), SetAsideReason.CLOCK_OUTLIER,
                    rule.time().format(h.eventTime()) + " is " + from + " (outlier bound " + rule.outlierMs()
                            + " ms); not confirmed: " + why, time);
        }
        dirty = true;
    }

    private List<CarClock.HeldRecord> takeHeld() {
        List<CarClock.HeldRecord> taken = new ArrayList<>(held);
        held.clear();
        heldClock = CarClock.NO_CLOCK;
        effects.held(-taken.size());
        return taken;
    }

    private String lateMessage(long t) {
        long start = t - Math.floorMod(t, rule.windowMs());
        return "window " + rule.time().format(start) + "-" + rule.time().format(start + rule.windowMs())
                + " of its car is already closed";
    }

    /**
     * Windows ending at or before this are closed once the car's clock is at {@code carTime}: clock − grace, on a
     * window boundary.
     */
    private long closedBound(long carTime) {
        return Math.floorDiv(carTime - rule.graceMs(), rule.windowMs()) * rule.windowMs();
    }

    /** The open window starting at {@code start}, or null. A car has one to three open windows: a scan is cheapest. */
    private SpeedWindow window(long start) {
        for (int i = 0; i < openCount; i++) {
            if (openStarts[i] == start) {
                return openWindows[i];
            }
        }
        return null;
    }

    private void putWindow(long start, SpeedWindow window) {
        for (int i = 0; i < openCount; i++) {
            if (openStarts[i] == start) {
                openWindows[i] = window;
                return;
            }
        }
        if (openCount == openStarts.length) {
            openStarts = Arrays.copyOf(openStarts, openCount * 2);
            openWindows = Arrays.copyOf(openWindows, openCount * 2);
        }
        openStarts[openCount] = start;
        openWindows[openCount++] = window;
        earliestOpenEnd = Math.min(earliestOpenEnd, start + rule.windowMs());
    }

    /** Removes the open window at index {@code i}; the last one takes its place. */
    private void removeWindowAt(int i) {
        openCount--;
        openStarts[i] = openStarts[openCount];
        openWindows[i] = openWindows[openCount];
        openWindows[openCount] = null;
    }

    private void recomputeEarliestOpenEnd() {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < openCount; i++) {
            earliest = Math.min(earliest, openStarts[i] + rule.windowMs());
        }
        earliestOpenEnd = earliest;
    }

    private long latestOpenRecord() {
        long latest = CarClock.NO_CLOCK;
        for (int i = 0; i < openCount; i++) {
            latest = Math.max(latest, openWindows[i].lastDate());
        }
        return latest;
    }

    private long earliestOpenStart() {
        long earliest = CarClock.NO_WINDOW;
        for (int i = 0; i < openCount; i++) {
            earliest = Math.min(earliest, openStarts[i]);
        }
        return earliest;
    }

    private boolean inClosedSpan(long start) {
        for (int i = 0; i < closedSpans.length; i += 2) {
            if (start >= closedSpans[i] && start + rule.windowMs() <= closedSpans[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the newest {@link OverSpeedReference#CLOSED_SPANS_KEPT} spans, as the reference does. */
    private void addClosedSpan(long from, long to) {
        int kept = Math.min(closedSpans.length / 2, OverSpeedReference.CLOSED_SPANS_KEPT - 1);
        long[] spans = new long[kept * 2 + 2];
        System.arraycopy(closedSpans, closedSpans.length - kept * 2, spans, 0, kept * 2);
        spans[kept * 2] = from;
        spans[kept * 2 + 1] = to;
        closedSpans = spans;
    }
}
