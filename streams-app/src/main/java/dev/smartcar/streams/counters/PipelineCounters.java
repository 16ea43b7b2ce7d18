package dev.smartcar.streams.counters;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The app's counters, shared by its processors and the Redis writer and shown on {@code /metrics}. They count
 * what this process did since it started (a record reprocessed after a crash is counted again), which is what an
 * operator watching throughput and garbage needs; the exactly-once facts live in the topics.
 */
public final class PipelineCounters {

    /**
     * The over-speed rule's and the Redis writer's counts, each on {@code /metrics} by its name in lower case and on
     * {@code /metrics/prometheus} as {@code smartcar_<name>_total} (a gauge without {@code _total} if it goes down).
     */
    public enum Count {
        WINDOW_RECORDS_IN("records that reached the over-speed windows"),
        WINDOWED_RECORDS("records counted in their car's window"),
        HELD_RECORDS("records held while their car's next records decide about their time (goes down again)"),
        CLOCK_RESYNCS("times a car's clock moved to a new timeline"),
        WINDOWS_CLOSED("over-speed windows closed, with an alert or without"),
        ALERTS("over-speed windows closed over the limit"),
        REDIS_WRITTEN("alerts written to Redis"),
        REDIS_FAILURES("failed Redis writes (each retried)");

        private final String description;

        Count(String description) {
            this.description = description;
        }

        /** What it counts, in words (the Prometheus help text). */
        public String description() {
            return description;
        }

        /** False for the one count that goes down again: a gauge, not a counter, in Prometheus' terms. */
        public boolean onlyRises() {
            return this != HELD_RECORDS;
        }
    }

    private final Map<String, LongAdder> linesIn = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> recordsOut = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> setAsideByReason = new ConcurrentHashMap<>();
    private final Map<Count, LongAdder> counts = new EnumMap<>(Count.class);
    private volatile long redisPending;
    /** The drivers' lag as of the last record the windows took, and when that was (wall clock, ms). */
    private volatile long driverLagMs;
    private volatile long driverLagAt = Long.MIN_VALUE / 2;
    /** A lag older than this no longer counts: no record has reached the windows since, so none waits to. */
    static final long DRIVER_LAG_STALE_MS = 5_000;
    /** Lines per source file (the file sources' position header): read, valid, rejected. */
    private final Map<String, FileLines> files = new ConcurrentHashMap<>();
    /** Most files counted one by one; later ones are counted together, so a long-running app stays bounded. */
    static final int MAX_FILES = 1_000;
    static final String OTHER_FILES = "(other files)";
    static final String NO_FILE = "(no position header)";

    public PipelineCounters() {
        for (Count c : Count.values()) {
            counts.put(c, new LongAdder());
        }
    }

    /** A file's line counts: every line read is either valid or rejected. */
    public static final class FileLines {
        private final LongAdder valid = new LongAdder();
        private final LongAdder rejected = new LongAdder();

        public void count(boolean isValid) {
            (isValid ? valid : rejected).increment();
        }
    }

    public void lineIn(String topic) {
        linesIn.computeIfAbsent(topic, t -> new LongAdder()).increment();
    }

    public void recordOut(String topic) {
        recordsOut.computeIfAbsent(topic, t -> new LongAdder()).increment();
    }

    public void rejected(String reasonCode) {
        rejectedByReason.computeIfAbsent(reasonCode, r -> new LongAdder()).increment();
    }

    /**
     * The counts of the file a line came from ({@code null}: a line without a file header). Callers keep the result
     * while the lines come from the same file, so the name is not looked up per line.
     */
    public FileLines fileLines(String file) {
        String name = file == null ? NO_FILE : file;
        FileLines lines = files.get(name);
        if (lines == null) {
            lines = files.computeIfAbsent(files.size() < MAX_FILES ? name : OTHER_FILES, f -> new FileLines());
        }
        return lines;
    }

    /** Per file, sorted by name: {@code lines_read} = {@code valid} + {@code rejected}. */
    public Map<String, Map<String, Long>> files() {
        Map<String, Map<String, Long>> view = new TreeMap<>();
        files.forEach((file, lines) -> {
            long valid = lines.valid.sum();
            long rejected = lines.rejected.sum();
            view.put(file, Map.of("lines_read", valid + rejected, "valid", valid, "rejected", rejected));
        });
        return view;
    }

    /** A record reached the over-speed windows. */
    public void windowRecordIn() {
        counts.get(Count.WINDOW_RECORDS_IN).increment();
    }

    /** A record was counted in its car's window. */
    public void windowed() {
        counts.get(Count.WINDOWED_RECORDS).increment();
    }

    /** A valid record was left out of the windows, for {@code reason} (a {@code SetAsideReason} code). */
    public void setAside(String reason) {
        setAsideByReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** Records held while their car's next records decide about their time: + when held, − when decided. */
    public void held(long delta) {
        counts.get(Count.HELD_RECORDS).add(delta);
    }

    public void clockResync() {
        counts.get(Count.CLOCK_RESYNCS).increment();
    }

    public void windowClosed(boolean alerted) {
        counts.get(Count.WINDOWS_CLOSED).increment();
        if (alerted) {
            counts.get(Count.ALERTS).increment();
        }
    }

    public void redisWritten(int count) {
        counts.get(Count.REDIS_WRITTEN).add(count);
    }

    public void redisFailure() {
        counts.get(Count.REDIS_FAILURES).increment();
    }

    public void redisPending(long pending) {
        this.redisPending = pending;
    }

    /**
     * A driving record reached the over-speed windows {@code lagMs} after the tail source read its line (the wall
     * clock minus the record's Kafka timestamp, which stays the collection time).
     */
    public void driverLag(long lagMs, long wallNow) {
        driverLagMs = Math.max(0, lagMs);
        driverLagAt = wallNow;
    }

    /**
     * The drivers' lag as of the last record the windows took; 0 when they took none in the last {@value
     * #DRIVER_LAG_STALE_MS} ms (the drivers are idle or caught up).
     */
    public long driverLagMs(long wallNow) {
        return wallNow - driverLagAt > DRIVER_LAG_STALE_MS ? 0 : driverLagMs;
    }

    /** Records set aside because their window had closed on their car's clock. */
    public long lateRecords() {
        return setAsideCount("late");
    }

    public long setAsideCount(String reason) {
        LongAdder adder = setAsideByReason.get(reason);
        return adder == null ? 0 : adder.sum();
    }

    public long setAsideTotal() {
        return setAsideByReason.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long count(Count count) {
        return counts.get(count).sum();
    }

    public long redisPending() {
        return redisPending;
    }

    public long rejectedCount(String reasonCode) {
        LongAdder adder = rejectedByReason.get(reasonCode);
        return adder == null ? 0 : adder.sum();
    }

    /** A consistent-enough view for the HTTP endpoint, with sorted keys. */
    public Map<String, Object> snapshot() {
        Map<String, Object> view = new TreeMap<>();
        view.put("lines_in", sums(linesIn));
        view.put("records_out", sums(recordsOut));
        view.put("rejected_by_reason", sums(rejectedByReason));
        view.put("rejected_total", rejectedByReason.values().stream().mapToLong(LongAdder::sum).sum());
        // Conservation, for a process that started with nothing held:
        // window_records_in = windowed_records + set_aside_total + held_records.
        counts.forEach((count, adder) -> view.put(count.name().toLowerCase(Locale.ROOT), adder.sum()));
        view.put("set_aside_by_reason", sums(setAsideByReason));
        view.put("set_aside_total", setAsideTotal());
        view.put("late_records", lateRecords());
        view.put("redis_pending", redisPending);
        view.put("driver_lag_seconds", driverLagMs(System.currentTimeMillis()) / 1000.0);
        return view;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> view = new TreeMap<>();
        counters.forEach((k, v) -> view.put(k, v.sum()));
        return view;
    }
}
