package dev.smartcar.streams.overspeed;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.avro.TimeBasis;
import dev.smartcar.schemas.contract.SetAsideReason;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.rule.OverSpeedReference;
import dev.smartcar.streams.counters.PipelineCounters;
import dev.smartcar.streams.validation.LineValidation;
import dev.smartcar.streams.validation.SetAside;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The over-speed rule (the original's Esper {@code time_batch(30 sec) … HAVING AVG(speed) > 80}), on tumbling
 * windows aligned to the epoch, per car, each car on its own clock ({@link CarClock}); the same rule as
 * {@link OverSpeedReference}, which the tests and the pilot compare with:
 * <ul>
 *   <li>A record within {@code clockOutlierMs} of its car's clock is accepted: the car's clock moves to it if it
 *       is later, and the car's windows ending at or before clock − grace close (then, once, a window alerts if
 *       its average is strictly above the threshold). If its own window is closed, it is set aside as
 *       {@code late}.</li>
 *   <li>A record further from its car's clock (or of a car with no clock yet) is held. When
 *       {@code clockConfirmRecords} held records agree (each within {@code clockOutlierMs} of the latest held
 *       one), the car re-syncs: its open windows close, the span its old timeline covered stays closed (no window
 *       alerts twice), and the held records are accepted in order. A record that agrees with the car's clock, or
 *       with neither, sets the held ones aside as {@code clock-outlier}; so does the car's silence on the wall
 *       clock for the grace.</li>
 *   <li>No car's clock closes, skips or delays another car's windows.</li>
 * </ul>
 * Set-aside records go to their own topic with the original line, the reason, the car's clock and their origin.
 *
 * <p>Why not {@code windowedBy().aggregate().suppress(untilWindowCloses)}: suppress only moves on when records
 * arrive, so the last windows of a quiet night would never close. Here a wall-clock punctuation closes a car's
 * windows against the car's clock extended by the wall-clock time since the car's last record.
 *
 * <p>Exactly once per (car, window): the alert, the window's deletion and the car's clock are written in the same
 * transaction; a record for a window that is already closed is set aside and not aggregated.
 */
public final class OverSpeedWindows implements Processor<String, DrivingRecord, String, Object> {

    private static final Logger log = LoggerFactory.getLogger(OverSpeedWindows.class);

    public static final String WINDOWS_STORE = "overspeed-windows";
    public static final String CAR_CLOCKS_STORE = "overspeed-car-clocks";
    public static final String ALERTS_CHILD = "overspeed-alerts";
    public static final String SET_ASIDE_CHILD = "setaside-records";
    static final SetAsideReason LATE = SetAsideReason.LATE;
    static final SetAsideReason CLOCK_OUTLIER = SetAsideReason.CLOCK_OUTLIER;
    private static final Comparator<Closing> CLOSING_ORDER =
            Comparator.comparingLong(Closing::start).thenComparing(Closing::car);

    /** The rule's settings. */
    public record Settings(long windowMs, long graceMs, long flushIntervalMs, double threshold, TimeBasis timeBasis,
                    long clockOutlierMs, int clockConfirmRecords) { }

    /** A window being closed, with its car. */
    private record Closing(String car, long start, SpeedWindow window) { }

    private final long windowMs;
    private final long graceMs;
    private final long flushIntervalMs;
    private final long outlierMs;
    private final int confirmRecords;
    private final BigDecimal threshold;
    private final TimeBasis timeBasis;
    private final LogTimestamp time;
    private final PipelineCounters counters;
    private final WindowHistory history;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<WindowKey, SpeedWindow> windows;
    private KeyValueStore<String, CarClock> clocks;
    /**
     * Every car's clock and open windows, always equal to the stores': loaded once in {@link #init} (the stores are
     * restored by then) and written through on every change. A record then costs one window put and no store get
     * or decoding, and closing looks at the car's own few windows.
     */
    private final Map<String, CarClock> cars = new HashMap<>();
    private static final long NOT_STARTED = Long.MIN_VALUE;
    /**
     * Wall-clock time the task started running (its first record or punctuation): idle time never counts from
     * before it, so restoring the state after a restart is not a car's silence.
     */
    private long startedAt = NOT_STARTED;
    private long heldHere;
    /** Closest spacing of the commits alerts ask for, so a backlog closing many windows a second costs few commits. */
    static final long ALERT_COMMIT_GAP_MS = 100;
    private long nextCommitRequestAt = Long.MIN_VALUE;

    public OverSpeedWindows(Settings settings, LogTimestamp time, PipelineCounters counters) {
        this(settings, time, counters, WindowHistory.NONE);
    }

    public OverSpeedWindows(Settings settings, LogTimestamp time, PipelineCounters counters, WindowHistory history) {
        this.history = history;
        this.windowMs = settings.windowMs();
        this.graceMs = settings.graceMs();
        this.flushIntervalMs = settings.flushIntervalMs();
        this.outlierMs = settings.clockOutlierMs();
        this.confirmRecords = settings.clockConfirmRecords();
        this.threshold = BigDecimal.valueOf(settings.threshold());
        this.timeBasis = settings.timeBasis();
        this.time = time;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.windows = context.getStateStore(WINDOWS_STORE);
        this.clocks = context.getStateStore(CAR_CLOCKS_STORE);
        cars.clear();
        try (KeyValueIterator<String, CarClock> all = clocks.all()) {
            all.forEachRemaining(entry -> cars.put(entry.key, entry.value));
        }
        try (KeyValueIterator<WindowKey, SpeedWindow> all = windows.all()) {
            while (all.hasNext()) {
                KeyValue<WindowKey, SpeedWindow> entry = all.next();
                cars.computeIfAbsent(entry.key.car(), c -> new CarClock()).putWindow(entry.key.start(), entry.value, windowMs);
            }
        }
        heldHere = 0;
        for (CarClock clock : cars.values()) {
            // The stored clock is written only when it cannot be recomputed: the latest record of the open windows
            // is the rest of it, and the closed bound follows from the clock.
            clock.time = Math.max(clock.time, clock.latestOpenRecord());
            clock.timelineFrom = Math.min(clock.timelineFrom, clock.earliestOpenStart());
            if (clock.hasClock()) {
                clock.closedBefore = Math.max(clock.closedBefore, closedBound(clock.time));
            }
            heldHere += clock.held.size();
        }
        counters.held(heldHere);
        startedAt = NOT_STARTED;
        context.schedule(Duration.ofMillis(flushIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void close() {
        // The task's held records leave this instance with its partition (a rebalance or a shutdown).
        counters.held(-heldHere);
        heldHere = 0;
    }

    @Override
    public void process(Record<String, DrivingRecord> record) {
        DrivingRecord driving = record.value();
        if (driving == null) {
            return;
        }
        counters.windowRecordIn();
        long wallNow = context.currentSystemTimeMs();
        if (startedAt == NOT_STARTED) {
            startedAt = wallNow;
        }
        String car = record.key() != null ? record.key() : driving.getCarNumber();
        CarClock clock = cars.get(car);
        if (clock == null) {
            clock = new CarClock();
            cars.put(car, clock);
        }
        clock.wallAtLastRecord = wallNow;
        if (timeBasis == TimeBasis.PROCESSING_TIME) {
            // This thread's wall clock: every car's clock is the same trustworthy clock, nothing to hold.
            acceptOrSetAside(car, clock, driving, wallNow, record);
        } else {
            // Event time is the record's own date, read here rather than by a TimestampExtractor: Kafka timestamps
            // (and so changelog records) stay the collection time, which the broker accepts (it refuses timestamps
            // more than log.message.timestamp.after.max.ms ahead, and a simulated day may run ahead of the clock).
            long t = driving.getDate().toEpochMilli();
            if (clock.hasClock() && Math.abs(t - clock.time) <= outlierMs) {
                if (!clock.held.isEmpty()) {
                    setAsideHeld(car, clock, "the car's next record (" + time.format(t) + ") agreed with its clock");
                }
                acceptOrSetAside(car, clock, driving, t, record);
            } else {
                if (!clock.held.isEmpty() && Math.abs(t - clock.heldClock) > outlierMs) {
                    setAsideHeld(car, clock, "the car's next record (" + time.format(t)
                            + ") agreed with neither its clock nor the held records");
                }
                clock.hold(new CarClock.HeldRecord(driving, t, record.timestamp(), withOrigin(record.headers())));
                clock.dirty = true;
                held(1);
                if (clock.held.size() >= confirmRecords) {
                    resync(car, clock);
                }
            }
        }
        if (clock.dirty) {
            store(car, clock);
        }
    }

    private void acceptOrSetAside(String car, CarClock clock, DrivingRecord driving, long t, Record<String, DrivingRecord> record) {
        if (!accept(car, clock, driving, t)) {
            setAside(car, clock, driving, record.timestamp(), withOrigin(record.headers()), LATE, lateMessage(t));
        }
    }

    /** Adds the record to its car's window, or returns false if that window is closed (the record is late). */
    private boolean accept(String car, CarClock clock, DrivingRecord driving, long t) {
        boolean advanced = t > clock.time;
        if (advanced) {
            clock.time = t;
            long bound = closedBound(t);
            if (bound > clock.closedBefore) {
                clock.closedBefore = bound;
                if (clock.earliestOpenEnd <= bound) {
                    closeWindows(car, clock, bound, null);
                }
            }
        }
        long start = t - Math.floorMod(t, windowMs);
        if (start + windowMs <= clock.closedBefore || clock.inClosedSpan(start, windowMs)) {
            // A late record that moved the clock is in no open window: store the clock, it cannot be recomputed.
            clock.dirty |= advanced;
            return false;
        }
        if (start < clock.timelineFrom) {
            clock.timelineFrom = start;
            clock.dirty = true;
        }
        SpeedWindow window = clock.window(start);
        SpeedWindow updated = window == null ? SpeedWindow.first(driving, t) : window.add(driving, t);
        clock.putWindow(start, updated, windowMs);
        windows.put(new WindowKey(car, start), updated);
        counters.windowed();
        return true;
    }

    /** Windows ending at or before this are closed once the car's clock is at {@code carTime}: clock − grace, on a window boundary. */
    private long closedBound(long carTime) {
        return Math.floorDiv(carTime - graceMs, windowMs) * windowMs;
    }

    /** The car moves to the time its held records agree on. */
    private void resync(String car, CarClock clock) {
        if (clock.hasClock()) {
            long from = clock.time;
            // The old timeline ends: its windows close now, and the span they covered stays closed.
            long to = Math.max(clock.closedBefore, Math.floorDiv(clock.time, windowMs) * windowMs + windowMs);
            if (clock.timelineFrom != CarClock.NO_WINDOW) {
                clock.addClosedSpan(clock.timelineFrom, to);
            }
            closeWindows(car, clock, Long.MAX_VALUE, null);
            counters.clockResync();
            log.info("car {} re-synced its clock from {} to {}: {} records agreed on the new time", car,
                    time.format(from), time.format(clock.heldClock), clock.held.size());
        }
        clock.time = CarClock.NO_CLOCK;
        clock.closedBefore = Long.MIN_VALUE;
        clock.timelineFrom = CarClock.NO_WINDOW;
        List<CarClock.HeldRecord> held = clock.takeHeld();
        held(-held.size());
        for (CarClock.HeldRecord h : held) {
            if (!accept(car, clock, h.record(), h.eventTime())) {
                setAside(car, clock, h.record(), h.timestamp(), h.headers(), LATE, lateMessage(h.eventTime()));
            }
        }
        clock.dirty = true;
    }

    private void setAsideHeld(String car, CarClock clock, String why) {
        List<CarClock.HeldRecord> held = clock.takeHeld();
        held(-held.size());
        for (CarClock.HeldRecord h : held) {
            String from = clock.hasClock()
                    ? Duration.ofMillis(Math.abs(h.eventTime() - clock.time)).toString().substring(2).toLowerCase()
                    + (h.eventTime() > clock.time ? " ahead of" : " behind") + " its car's clock"
                    : "the first time of a car with no clock yet";
            setAside(car, clock, h.record(), h.timestamp(), h.headers(), CLOCK_OUTLIER,
                    time.format(h.eventTime()) + " is " + from + " (outlier bound " + outlierMs
                            + " ms); not confirmed: " + why);
        }
        clock.dirty = true;
    }

    private String lateMessage(long t) {
        long start = t - Math.floorMod(t, windowMs);
        return "window " + time.format(start) + "-" + time.format(start + windowMs) + " of its car is already closed";
    }

    private void setAside(String car, CarClock clock, DrivingRecord driving, long timestamp, Headers headers,
                          SetAsideReason reason, String message) {
        SetAside.headers(headers, reason, message, clock.hasClock() ? time.format(clock.time) : "");
        context.forward(new Record<String, Object>(car, DrivingLineText.bytes(driving), timestamp, headers), SET_ASIDE_CHILD);
        counters.setAside(reason.code());
    }

    /** The record's headers (the source's position passes through, and is spelled out) plus where it was read from. */
    private Headers withOrigin(Headers original) {
        return LineValidation.withOrigin(original, context);
    }

    private void held(int delta) {
        heldHere += delta;
        counters.held(delta);
    }

    private void store(String car, CarClock clock) {
        clocks.put(car, clock);
        clock.dirty = false;
    }

    /**
     * Wall-clock punctuation, per car: a car silent for a while may have stopped, so its windows close against its
     * clock extended by its idle time, and records it holds are set aside once it has been silent for the grace.
     */
    private void flush(long wallNow) {
        if (startedAt == NOT_STARTED) {
            // First punctuation after a (re)start with no record yet: the task is restored and running only now.
            startedAt = wallNow;
            return;
        }
        List<Closing> closing = null;
        for (Map.Entry<String, CarClock> entry : cars.entrySet()) {
            CarClock clock = entry.getValue();
            if (clock.openCount() == 0 && clock.held.isEmpty()) {
                continue;
            }
            String car = entry.getKey();
            long idle = Math.max(0, wallNow - Math.max(clock.wallAtLastRecord, startedAt));
            // Silent: for the grace, and for a whole flush period at least (a zero grace must not cut a car short).
            if (!clock.held.isEmpty() && idle >= Math.max(graceMs, flushIntervalMs)) {
                setAsideHeld(car, clock, "the car sent nothing more for " + idle + " ms (wall clock)");
            }
            if (clock.openCount() > 0 && clock.hasClock() && clock.earliestOpenEnd <= clock.time + idle - graceMs) {
                if (closing == null) {
                    closing = new ArrayList<>();
                }
                // Closed up to the end of the windows that had data only: a car resuming later in event time
                // opens new windows rather than finding them closed.
                long closedUpTo = closeWindows(car, clock, clock.time + idle - graceMs, closing);
                clock.closedBefore = Math.max(clock.closedBefore, closedUpTo);
                clock.dirty = true;
            }
            if (clock.dirty) {
                store(car, clock);
            }
        }
        emit(closing);
    }

    /**
     * Removes the car's open windows that end at or before {@code bound} from the map and the store, into
     * {@code into}, or emits them at once if {@code into} is null; returns the latest end closed.
     */
    private long closeWindows(String car, CarClock clock, long bound, List<Closing> into) {
        List<Closing> closing = into == null ? new ArrayList<>(2) : into;
        long latestEnd = Long.MIN_VALUE;
        for (int i = clock.openCount() - 1; i >= 0; i--) {
            long start = clock.openStart(i);
            if (start + windowMs <= bound) {
                closing.add(new Closing(car, start, clock.openWindow(i)));
                clock.removeWindowAt(i);
                windows.delete(new WindowKey(car, start));
                latestEnd = Math.max(latestEnd, start + windowMs);
            }
        }
        clock.recomputeEarliestOpenEnd(windowMs);
        if (into == null) {
            emit(closing);
        }
        return latestEnd;
    }

    private void emit(List<Closing> closing) {
        if (closing == null || closing.isEmpty()) {
            return;
        }
        closing.sort(CLOSING_ORDER);
        long now = context.currentSystemTimeMs();
        boolean alerted = false;
        for (Closing c : closing) {
            boolean alert = c.window().averageAbove(threshold);
            if (alert) {
                context.forward(new Record<String, Object>(c.car(), alert(c.car(), c.start(), c.window(), now), now),
                        ALERTS_CHILD);
                alerted = true;
            }
            counters.windowClosed(alert);
            history.closed(c.car(), c.start(), windowMs, c.window(), alert);
        }
        closing.clear();
        if (alerted && now >= nextCommitRequestAt) {
            // An alert reaches read_committed readers (the Redis writer) only when its transaction commits: ask for
            // the commit now instead of waiting up to commit.interval.ms, which can then be long for throughput.
            context.commit();
            nextCommitRequestAt = now + ALERT_COMMIT_GAP_MS;
        }
    }

    private OverSpeedAlert alert(String car, long start, SpeedWindow window, long now) {
        return OverSpeedAlert.newBuilder()
                .setCarNumber(car)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + windowMs))
                .setWindowStartText(time.format(start))
                .setAverageSpeed(window.average())
                .setRecordCount(window.count())
                .setSpeedSum(window.speedSum())
                .setMaxSpeed(window.maxSpeed())
                .setFirstDate(Instant.ofEpochMilli(window.firstDate()))
                .setLastDate(Instant.ofEpochMilli(window.lastDate()))
                .setLastAreaNumber(window.lastArea())
                .setThreshold(threshold.doubleValue())
                .setTimeBasis(timeBasis)
                .setDetectedAt(Instant.ofEpochMilli(now))
                .build();
    }

}
