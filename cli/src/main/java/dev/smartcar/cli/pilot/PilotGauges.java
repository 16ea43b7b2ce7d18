package dev.smartcar.cli.pilot;

import dev.smartcar.cli.redis.AlertStore;
import dev.smartcar.schemas.contract.Topics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The numbers of the progress line, for this run only: this run's records collected, valid and rejected (counted
 * by {@link PilotTopics}), the sink's committed offsets minus where they stood when the run began (so "in HBase" is
 * approximate: a commit marker takes an offset), the alerts in Redis.
 *
 * <p>The sink's offsets are read on a thread of their own, once a second. An admin call to a broker that is going
 * away waits out its 10 s timeout, and the gauges that time the pauses (collection, valid records, alerts) must not
 * wait with it: a rolling restart once showed a 20 s "pause" that was two such calls, not the pipeline.
 */
final class PilotGauges implements AutoCloseable {

    /**
     * One read of the sink's offsets: begun at {@code startedNanos}; its committed offsets summed, and whether it
     * had consumed everything then.
     */
    record Sink(long startedNanos, long committed, boolean caughtUp, long lag) { }

    private final PipelineOffsets offsets;
    private final AlertStore redis;
    private final String sinkGroup;
    private final long sinkAtStart;
    private final ScheduledExecutorService sinkReader;
    private volatile Sink sink;
    /** Every read of the sink while the run lasts, for the lag's course ({@link #printSinkLag}). */
    private final List<Sink> sinkHistory = new java.util.concurrent.CopyOnWriteArrayList<>();

    private PilotGauges(PipelineOffsets offsets, AlertStore redis, String sinkGroup) {
        this.offsets = offsets;
        this.redis = redis;
        this.sinkGroup = sinkGroup;
        this.sink = readSink();
        this.sinkAtStart = sink.committed();
        this.sinkReader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pilot-sink-offsets");
            t.setDaemon(true);
            return t;
        });
        sinkReader.scheduleWithFixedDelay(this::refreshSink, 1, 1, TimeUnit.SECONDS);
    }

    /** Takes the offsets as the run begins, and from then on reads the sink's every second. */
    static PilotGauges take(PipelineOffsets o, AlertStore redis, String sinkGroup) {
        return new PilotGauges(o, redis, sinkGroup);
    }

    ProgressLine.Gauges read(Set<String> alertDays, PilotTopics topics, long written) {
        long alerts = 0;
        for (String d : alertDays) {
            alerts += redis.count(d);
        }
        return new ProgressLine.Gauges(written, topics.collected(), topics.valid(), topics.rejected(),
                sink.committed() - sinkAtStart, alerts);
    }

    /** The sink's last read; a read that began after a time tells what the sink had done by then. */
    Sink sink() {
        return sink;
    }

    private void refreshSink() {
        try {
            sink = readSink();
            sinkHistory.add(sink);
        } catch (RuntimeException e) {
            // A server away: keep the last read. The drain waits for a read begun after the gauges settled.
        }
    }

    /**
     * Per partition, the committed offset is at the end or one short (a transaction's commit marker takes an
     * offset that no record fills).
     */
    private Sink readSink() {
        long started = System.nanoTime();
        long committed = 0;
        long lag = 0;
        boolean caughtUp = true;
        for (String topic : List.of(Topics.STATUS, Topics.DRIVING)) {
            long end = offsets.endOffsetSum(topic);
            long c = offsets.committedSum(sinkGroup, topic);
            committed += c;
            lag += Math.max(0, end - c);
            caughtUp &= end - c <= offsets.partitions(topic).size();
        }
        return new Sink(started, committed, caughtUp, lag);
    }

    /**
     * The HBase sink's lag (offsets of the Avro topics not yet committed by the sink, so not yet in HBase) over the
     * drive, at each quarter from {@code from} to {@code to} ({@link System#nanoTime()}), and its highest: whether
     * the sink keeps up with the fleet (issue #26), or falls behind as the run goes on.
     */
    void printSinkLag(java.io.PrintWriter out, long from, long to) {
        long[] atQuarter = new long[4];
        long max = 0;
        int samples = 0;
        for (Sink s : sinkHistory) {
            if (s.startedNanos() < from || s.startedNanos() > to) {
                continue;
            }
            samples++;
            max = Math.max(max, s.lag());
            int quarter = (int) Math.min(3, (s.startedNanos() - from) * 4 / Math.max(1, to - from));
            atQuarter[quarter] = s.lag();   // the last read of each quarter
        }
        if (samples == 0) {
            out.println("sink lag: not read during the drive");
            return;
        }
        out.println(String.format(java.util.Locale.ROOT, "sink lag during the drive (Avro records not yet in HBase),"
                        + " at the end of each quarter: %,d | %,d | %,d | %,d; highest %,d (%d reads)",
                atQuarter[0], atQuarter[1], atQuarter[2], atQuarter[3], max, samples));
    }

    /** Stops the sink's reader; the offsets client is the caller's. */
    @Override
    public void close() {
        sinkReader.shutdownNow();
        try {
            sinkReader.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
