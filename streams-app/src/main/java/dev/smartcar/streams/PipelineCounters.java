package dev.smartcar.streams;

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

    private final Map<String, LongAdder> linesIn = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> recordsOut = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();
    private final LongAdder lateRecords = new LongAdder();
    private final LongAdder alerts = new LongAdder();
    private final LongAdder windowsClosed = new LongAdder();
    private final LongAdder redisWritten = new LongAdder();
    private final LongAdder redisFailures = new LongAdder();
    private volatile long redisPending;

    public void lineIn(String topic) {
        linesIn.computeIfAbsent(topic, t -> new LongAdder()).increment();
    }

    public void recordOut(String topic) {
        recordsOut.computeIfAbsent(topic, t -> new LongAdder()).increment();
    }

    public void rejected(String reasonCode) {
        rejectedByReason.computeIfAbsent(reasonCode, r -> new LongAdder()).increment();
    }

    public void lateRecord() {
        lateRecords.increment();
    }

    public void windowClosed(boolean alerted) {
        windowsClosed.increment();
        if (alerted) {
            alerts.increment();
        }
    }

    public void redisWritten(int count) {
        redisWritten.add(count);
    }

    public void redisFailure() {
        redisFailures.increment();
    }

    public void redisPending(long pending) {
        this.redisPending = pending;
    }

    public long lateRecords() {
        return lateRecords.sum();
    }

    public long alerts() {
        return alerts.sum();
    }

    public long redisWritten() {
        return redisWritten.sum();
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
        view.put("late_records", lateRecords.sum());
        view.put("windows_closed", windowsClosed.sum());
        view.put("alerts", alerts.sum());
        view.put("redis_written", redisWritten.sum());
        view.put("redis_pending", redisPending);
        view.put("redis_failures", redisFailures.sum());
        return view;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> view = new TreeMap<>();
        counters.forEach((k, v) -> view.put(k, v.sum()));
        return view;
    }
}
