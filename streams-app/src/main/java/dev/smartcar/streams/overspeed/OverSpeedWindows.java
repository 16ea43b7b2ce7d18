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

/**
 * The over-speed rule (the original's Esper {@code time_batch(30 sec) … HAVING AVG(speed) > 80}), on tumbling
 * windows aligned to the epoch, per car, each car on its own clock ({@link CarWindows}, the rule for one car: this
 * processor is its Kafka adapter); the same rule as
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
public final class OverSpeedWindows implements Processor<String, DrivingRecord, String, Object>, CarWindows.Effects {

    public static final String WINDOWS_STORE = "overspeed-windows";
    public static final String CAR_CLOCKS_STORE = "overspeed-car-clocks";
    public static final String ALERTS_CHILD = "overspeed-alerts";
    public static final String SET_ASIDE_CHILD = "setaside-records";
    private static final Comparator<CarWindows.Closing> CLOSING_ORDER =
            Comparator.comparingLong(CarWindows.Closing::start).thenComparing(CarWindows.Closing::car);
    /** Closest spacing of the commits alerts ask for, so a backlog closing many windows a second costs few commits. */
    static final long ALERT_COMMIT_GAP_MS = 100;
    /**
     * Lag (wall clock minus the record's collection time) above which an alert asks for no early commit: the windows
     * are behind, and an early commit would cut the catching up short (below, {@link #emit}).
     */
    static final long EARLY_COMMIT_MAX_LAG_MS = 1_000;
    private static final long NOT_STARTED = Long.MIN_VALUE;

    /** The rule's settings. */
    public record Settings(long windowMs, long graceMs, long flushIntervalMs, double threshold, TimeBasis timeBasis,
                           long clockOutlierMs, int clockConfirmRecords) { }

    private final CarWindows.Rule rule;
    private final long windowMs;
    private final long graceMs;
    private final long flushIntervalMs;
    private final BigDecimal threshold;
    private final TimeBasis timeBasis;
    private final LogTimestamp time;
    private final PipelineCounters counters;
    private final WindowHistory history;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<WindowKey, SpeedWindow> windows;
    private KeyValueStore<String, CarClock> clocks;
    /**
     * Every car's rule state, always equal to the stores': loaded once in {@link #init} (the stores are restored by
     * then) and written through on every change. A record then costs one window put and no store get or decoding,
     * and closing looks at the car's own few windows.
     */
    private final Map<String, CarWindows> cars = new HashMap<>();
    /**
     * Wall-clock time the task started running (its first record or punctuation): idle time never counts from
     * before it, so restoring the state after a restart is not a car's silence.
     */
    private long startedAt = NOT_STARTED;
    private long heldHere;
    private long nextCommitRequestAt = Long.MIN_VALUE;
    /** How long after its collection the last record reached this task's windows. */
    private long lagMs;
    /** Windows closed by the wall clock, gathered over all cars and emitted in order; null outside a punctuation. */
    private List<CarWindows.Closing> punctuationClosing;

    public OverSpeedWindows(Settings settings, LogTimestamp time, PipelineCounters counters) {
        this(settings, time, counters, WindowHistory.NONE);
    }

    public OverSpeedWindows(Settings settings, LogTimestamp time, PipelineCounters counters, WindowHistory history) {
        this.rule = new CarWindows.Rule(settings.windowMs(), settings.graceMs(), settings.clockOutlierMs(),
                settings.clockConfirmRecords(), time);
        this.history = history;
        this.windowMs = settings.windowMs();
        this.graceMs = settings.graceMs();
        this.flushIntervalMs = settings.flushIntervalMs();
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
        Map<String, CarClock> stored = new HashMap<>();
        try (KeyValueIterator<String, CarClock> all = clocks.all()) {
            all.forEachRemaining(entry -> stored.put(entry.key, entry.value));
        }
        Map<String, List<CarWindows.Closing>> open = new HashMap<>();
        try (KeyValueIterator<WindowKey, SpeedWindow> all = windows.all()) {
            while (all.hasNext()) {
                KeyValue<WindowKey, SpeedWindow> entry = all.next();
                open.computeIfAbsent(entry.key.car(), c -> new ArrayList<>())
                        .add(new CarWindows.Closing(entry.key.car(), entry.key.start(), entry.value));
            }
        }
        cars.clear();
        heldHere = 0;
        for (String car : union(stored.keySet(), open.keySet())) {
            CarWindows c = CarWindows.restore(car, stored.getOrDefault(car, CarClock.NONE),
                    open.getOrDefault(car, List.of()), rule, this);
            cars.put(car, c);
            heldHere += c.heldCount();
        }
        counters.held(heldHere);
        startedAt = NOT_STARTED;
        context.schedule(Duration.ofMillis(flushIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
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
        lagMs = wallNow - record.timestamp();
        counters.driverLag(lagMs, wallNow);
        if (startedAt == NOT_STARTED) {
            startedAt = wallNow;
        }
        String car = record.key() != null ? record.key() : driving.getCarNumber();
        CarWindows c = cars.computeIfAbsent(car, k -> new CarWindows(k, rule, this));
        c.seen(wallNow);
        if (timeBasis == TimeBasis.PROCESSING_TIME) {
            // This thread's wall clock: every car's clock is the same trustworthy clock, nothing to hold.
            c.accept(driving, wallNow, record.timestamp(), () -> withOrigin(record.headers()));
        } else {
            // Event time is the record's own date, read here rather than by a TimestampExtractor: Kafka timestamps
            // (and so changelog records) stay the collection time, which the broker accepts (it refuses timestamps
            // more than log.message.timestamp.after.max.ms ahead, and a simulated day may run ahead of the clock).
            c.offer(driving, driving.getDate().toEpochMilli(), record.timestamp(), () -> withOrigin(record.headers()));
        }
        if (c.dirty()) {
            clocks.put(car, c.stored());
        }
    }

    /** The record's headers (the source's position passes through, and is spelled out) plus where it was read from. */
    private Headers withOrigin(Headers original) {
        return LineValidation.withOrigin(original, context);
    }

    /**
     * Wall-clock punctuation, per car: a car silent for a while may have stopped, so its windows close against its
     * clock extended by its idle time, and records it holds are set aside once it has been silent for the grace
     * (and a whole flush period at least: a zero grace must not cut a car short).
     */
    private void flush(long wallNow) {
        if (startedAt == NOT_STARTED) {
            // First punctuation after a (re)start with no record yet: the task is restored and running only now.
            startedAt = wallNow;
            return;
        }
        punctuationClosing = new ArrayList<>();
        try {
            for (Map.Entry<String, CarWindows> entry : cars.entrySet()) {
                CarWindows c = entry.getValue();
                c.idle(wallNow, startedAt, Math.max(graceMs, flushIntervalMs));
                if (c.dirty()) {
                    clocks.put(entry.getKey(), c.stored());
                }
            }
            emit(punctuationClosing);
        } finally {
            punctuationClosing = null;
        }
    }

    @Override
    public void windowChanged(String car, long start, SpeedWindow window) {
        windows.put(new WindowKey(car, start), window);
        counters.windowed();
    }

    @Override
    public void windowsClosed(List<CarWindows.Closing> closed) {
        for (CarWindows.Closing c : closed) {
            windows.delete(new WindowKey(c.car(), c.start()));
        }
        if (punctuationClosing != null) {
            punctuationClosing.addAll(closed);
        } else {
            emit(new ArrayList<>(closed));
        }
    }

    @Override
    public void setAside(String car, DrivingRecord record, long timestamp, Headers headers, SetAsideReason reason,
                         String message, long carClock) {
        SetAside.headers(headers, reason, message, carClock == CarClock.NO_CLOCK ? "" : time.format(carClock));
        context.forward(new Record<String, Object>(car, DrivingLineText.bytes(record), timestamp, headers),
                SET_ASIDE_CHILD);
        counters.setAside(reason.code());
    }

    @Override
    public void held(int delta) {
        heldHere += delta;
        counters.held(delta);
    }

    @Override
    public void resynced() {
        counters.clockResync();
    }

    private void emit(List<CarWindows.Closing> closing) {
        if (closing.isEmpty()) {
            return;
        }
        closing.sort(CLOSING_ORDER);
        long now = context.currentSystemTimeMs();
        boolean alerted = false;
        for (CarWindows.Closing c : closing) {
            boolean alert = c.window().averageAbove(threshold);
            if (alert) {
                context.forward(new Record<String, Object>(c.car(), alert(c.car(), c.start(), c.window(), now), now),
                        ALERTS_CHILD);
                alerted = true;
            }
            counters.windowClosed(alert);
            history.closed(c.car(), c.start(), windowMs, c.window(), alert);
        }
        if (alerted && now >= nextCommitRequestAt && lagMs <= EARLY_COMMIT_MAX_LAG_MS) {
            // An alert reaches read_committed readers (the Redis writer) only when its transaction commits: ask for
            // the commit now instead of waiting up to commit.interval.ms, which can then be long for throughput.
            // Not while the windows are behind: a commit blocks the thread until the brokers acknowledge the whole
            // transaction, 0.5-1 s each on loaded brokers, and with one asked for by every alert the thread spent
            // 28 s of 30 committing while 30 cars' drivers fell 40 s behind (bench/results/2026-12-07T0430Z-commits).
            // Behind, the alerts go out with the regular commits, and the thread catches up in between.
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
