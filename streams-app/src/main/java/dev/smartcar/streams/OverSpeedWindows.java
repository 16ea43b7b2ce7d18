package dev.smartcar.streams;

import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.avro.OverSpeedAlert;
import dev.smartcar.avro.TimeBasis;
import dev.smartcar.schemas.log.LogTimestamp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The over-speed rule (the original's Esper {@code time_batch(30 sec) … HAVING AVG(speed) > 80}), on tumbling
 * windows aligned to the epoch, per car: each record is added to its window's (sum, count, max, first, last,
 * area); a window closes once the stream time has passed its end by the grace, and then — and only then —
 * emits one alert if its average is strictly above the threshold, and is deleted.
 *
 * <p>Why not {@code windowedBy().aggregate().suppress(untilWindowCloses)}: suppress only moves on when records
 * arrive, so the last windows of a quiet night would never close. Here a wall-clock punctuation closes
 * windows against the stream time extended by the wall-clock time since the last record.
 *
 * <p>Exactly once per (car, window): the alert, the window's deletion and the closed-up-to mark are written in
 * the same transaction; a record for a window that is already closed is counted as late and not aggregated.
 */
final class OverSpeedWindows implements Processor<String, DrivingRecord, String, OverSpeedAlert> {

    static final String WINDOWS_STORE = "overspeed-windows";
    static final String CLOCK_STORE = "overspeed-clock";
    private static final String CLOSED_BEFORE = "closed-before";
    private static final Comparator<Map.Entry<WindowKey, SpeedWindow>> WINDOW_ORDER =
            Comparator.comparingLong((Map.Entry<WindowKey, SpeedWindow> e) -> e.getKey().start())
                    .thenComparing(e -> e.getKey().car());

    private final long windowMs;
    private final long graceMs;
    private final long flushIntervalMs;
    private final BigDecimal threshold;
    private final TimeBasis timeBasis;
    private final LogTimestamp time;
    private final PipelineCounters counters;
    private final boolean rawInput;

    private ProcessorContext<String, OverSpeedAlert> context;
    private KeyValueStore<WindowKey, SpeedWindow> windows;
    private KeyValueStore<String, Long> clock;
    /**
     * The open windows, always equal to the store's: loaded once in {@link #init} (the store is restored by then)
     * and written through on every change. A record then costs one store put and no store get or decoding, and
     * closing scans this map instead of iterating the store in key order.
     */
    private final Map<WindowKey, SpeedWindow> open = new HashMap<>();
    private long streamTime = Long.MIN_VALUE;
    /** Every window whose end is at or before this is closed. */
    private long closedBefore = Long.MIN_VALUE;
    private long earliestOpenEnd = Long.MAX_VALUE;
    /** Wall-clock time of the last record; the idle time that extends the stream time counts from here. */
    private long wallAtLastRecord;
    private static final long NOT_STARTED = -1;
    /** Closest spacing of the commits alerts ask for, so a backlog closing many windows a second costs few commits. */
    static final long ALERT_COMMIT_GAP_MS = 100;
    private long nextCommitRequestAt = Long.MIN_VALUE;

    OverSpeedWindows(long windowMs, long graceMs, long flushIntervalMs, double threshold, TimeBasis timeBasis,
                     LogTimestamp time, PipelineCounters counters, boolean rawInput) {
        this.windowMs = windowMs;
        this.graceMs = graceMs;
        this.flushIntervalMs = flushIntervalMs;
        this.threshold = BigDecimal.valueOf(threshold);
        this.timeBasis = timeBasis;
        this.time = time;
        this.counters = counters;
        this.rawInput = rawInput;
    }

    @Override
    public void init(ProcessorContext<String, OverSpeedAlert> context) {
        if (rawInput && context.taskId().partition() > 0) {
            // Fed by the raw topic's task, the windows see every car only if that topic has a single partition;
            // with more, a car's window would be split over tasks and its average wrong. Refuse to start instead.
            throw new IllegalStateException(StreamsAppConfig.OVERSPEED_INPUT + "=" + StreamsAppConfig.INPUT_INLINE
                    + " needs the raw driving topic in one partition, but it has a partition "
                    + context.taskId().partition() + ": set " + StreamsAppConfig.OVERSPEED_INPUT + "="
                    + StreamsAppConfig.INPUT_TOPIC + " (windows read back from the topic partitioned by car) or keep one partition");
        }
        this.context = context;
        this.windows = context.getStateStore(WINDOWS_STORE);
        this.clock = context.getStateStore(CLOCK_STORE);
        Long saved = clock.get(CLOSED_BEFORE);
        if (saved != null) {
            // After a restart the stream time is at least what closed those windows.
            closedBefore = saved;
            streamTime = saved + graceMs;
        }
        open.clear();
        try (KeyValueIterator<WindowKey, SpeedWindow> all = windows.all()) {
            all.forEachRemaining(entry -> open.put(entry.key, entry.value));
        }
        earliestOpenEnd = earliestEnd();
        wallAtLastRecord = NOT_STARTED;
        context.schedule(Duration.ofMillis(flushIntervalMs), PunctuationType.WALL_CLOCK_TIME, this::flush);
    }

    @Override
    public void process(Record<String, DrivingRecord> record) {
        DrivingRecord driving = record.value();
        if (driving == null) {
            return;
        }
        wallAtLastRecord = context.currentSystemTimeMs();
        // Event time is the record's own date, read here rather than by a TimestampExtractor: Kafka timestamps
        // (and so changelog records) stay the collection time, which the broker accepts (it refuses timestamps
        // more than log.message.timestamp.after.max.ms ahead, and a simulated day may run ahead of the clock).
        // Processing time: this thread's wall clock when the record is processed.
        long timestamp = timeBasis == TimeBasis.EVENT_TIME ? driving.getDate().toEpochMilli() : wallAtLastRecord;
        if (timestamp > streamTime) {
            streamTime = timestamp;
            closeUpTo(streamTime - graceMs);
        }
        long start = timestamp - Math.floorMod(timestamp, windowMs);
        if (start + windowMs <= closedBefore) {
            counters.lateRecord();
            return;
        }
        String car = record.key() != null ? record.key() : driving.getCarNumber();
        WindowKey key = new WindowKey(car, start);
        SpeedWindow window = open.get(key);
        SpeedWindow updated = window == null ? SpeedWindow.first(driving, timestamp) : window.add(driving, timestamp);
        open.put(key, updated);
        windows.put(key, updated);
        earliestOpenEnd = Math.min(earliestOpenEnd, start + windowMs);
    }

    /** Wall-clock punctuation: input may have stopped, so extend the stream time by the idle time. */
    private void flush(long wallNow) {
        if (wallAtLastRecord == NOT_STARTED) {
            // First punctuation after a (re)start: the task is restored and running only now, so restoring the
            // state and fetching the backlog never count as idle time.
            wallAtLastRecord = wallNow;
            return;
        }
        if (streamTime == Long.MIN_VALUE) {
            return;
        }
        long idle = Math.max(0, wallNow - wallAtLastRecord);
        closeUpTo(streamTime + idle - graceMs);
    }

    private void closeUpTo(long bound) {
        if (bound <= closedBefore) {
            return;
        }
        closedBefore = bound;
        clock.put(CLOSED_BEFORE, bound);
        if (earliestOpenEnd > bound) {
            return;
        }
        List<Map.Entry<WindowKey, SpeedWindow>> closing = new ArrayList<>();
        long nextEarliest = Long.MAX_VALUE;
        for (Map.Entry<WindowKey, SpeedWindow> entry : open.entrySet()) {
            long end = entry.getKey().start() + windowMs;
            if (end <= bound) {
                closing.add(entry);
            } else {
                nextEarliest = Math.min(nextEarliest, end);
            }
        }
        earliestOpenEnd = nextEarliest;
        closing.sort(WINDOW_ORDER);
        long now = context.currentSystemTimeMs();
        boolean alerted = false;
        for (Map.Entry<WindowKey, SpeedWindow> entry : closing) {
            WindowKey key = entry.getKey();
            SpeedWindow window = entry.getValue();
            open.remove(key);
            windows.delete(key);
            boolean alert = window.averageAbove(threshold);
            if (alert) {
                context.forward(new Record<>(key.car(), alert(key, window, now), now));
                alerted = true;
            }
            counters.windowClosed(alert);
        }
        if (alerted && now >= nextCommitRequestAt) {
            // An alert reaches read_committed readers (the Redis writer) only when its transaction commits: ask for
            // the commit now instead of waiting up to commit.interval.ms, which can then be long for throughput.
            context.commit();
            nextCommitRequestAt = now + ALERT_COMMIT_GAP_MS;
        }
    }

    private OverSpeedAlert alert(WindowKey key, SpeedWindow window, long now) {
        return OverSpeedAlert.newBuilder()
                .setCarNumber(key.car())
                .setWindowStart(Instant.ofEpochMilli(key.start()))
                .setWindowEnd(Instant.ofEpochMilli(key.start() + windowMs))
                .setWindowStartText(time.format(key.start()))
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

    private long earliestEnd() {
        long earliest = Long.MAX_VALUE;
        for (WindowKey key : open.keySet()) {
            earliest = Math.min(earliest, key.start() + windowMs);
        }
        return earliest;
    }
}
