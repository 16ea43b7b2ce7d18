package dev.smartcar.cli.pilot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How long a fault paused the pipeline: for each gauge of the progress line (lines reaching the raw topics, valid
 * records out of the streams app, alerts in Redis), the longest time it stood still before it moved again. A sample
 * that found a server unreachable counts as no progress. Collection and valid records are watched from the drivers'
 * start until the pipeline settled (a stall that outlasts the drivers ends with the catch-up after it); alerts only
 * while the drivers write, since the last windows close a grace later by design. The still time after a gauge's last
 * move is the run's end, not a pause, and so is the time before its first move the run's start (the spool source
 * starting on the status day, the first window closing a grace after the drivers began). Resolution: the progress
 * line's sampling, a second. Each pause is printed with the time it began (minutes:seconds from the run's start, as
 * on the progress line), to set beside the fault's events.
 */
final class PauseWatch {

    private static final String[] NAMES = {"collection", "valid records", "alerts in Redis"};
    private static final int ALERTS = 2;

    private final long[] last = new long[NAMES.length];
    private final long[] lastMove = new long[NAMES.length];
    private final long[] longest = new long[NAMES.length];
    private final long[] longestFrom = new long[NAMES.length];
    private final boolean[] moved = new boolean[NAMES.length];
    private final long t0;
    private boolean started;

    /** Every sample as a CSV line, when asked for (--timeline); null otherwise. */
    private final PrintWriter timeline;

    /**
     * @param t0 the run's start, {@link System#nanoTime()}
     * @param timelineFile where each sample is written as CSV, or null for none
     */
    PauseWatch(long t0, Path timelineFile) throws IOException {
        this.t0 = t0;
        if (timelineFile == null) {
            this.timeline = null;
        } else {
            this.timeline = new PrintWriter(Files.newBufferedWriter(timelineFile, StandardCharsets.UTF_8), true);
            timeline.println("seconds,collected,valid,alerts,drivers_writing");
        }
    }

    /** One sample at {@code nanos}; {@code g} is null when the servers could not be read. */
    void sample(long nanos, ProgressLine.Gauges g, boolean driversWriting) {
        if (!started) {
            if (g == null) {
                return;
            }
            started = true;
            long[] now = values(g);
            for (int i = 0; i < NAMES.length; i++) {
                last[i] = now[i];
                lastMove[i] = nanos;
            }
            return;
        }
        if (g == null) {
            return;
        }
        if (timeline != null) {
            timeline.printf(Locale.ROOT, "%.3f,%d,%d,%d,%d%n", (nanos - t0) / 1e9, g.collected(), g.valid(), g.alerts(),
                    driversWriting ? 1 : 0);
        }
        long[] now = values(g);
        for (int i = 0; i < NAMES.length; i++) {
            if (now[i] > last[i]) {
                if (moved[i] && (i != ALERTS || driversWriting) && nanos - lastMove[i] > longest[i]) {
                    longest[i] = nanos - lastMove[i];
                    longestFrom[i] = lastMove[i];
                }
                last[i] = now[i];
                lastMove[i] = nanos;
                moved[i] = true;
            }
        }
    }

    /** The longest pause of gauge {@code i} (0 collection, 1 valid records, 2 alerts), in milliseconds. */
    long longestMillis(int i) {
        return longest[i] / 1_000_000L;
    }

    void print(PrintWriter out) {
        StringBuilder line = new StringBuilder("longest pause (no progress, sampled every second; alerts while the"
                + " drivers wrote):");
        for (int i = 0; i < NAMES.length; i++) {
            line.append(i == 0 ? " " : ", ").append(NAMES[i]).append(' ')
                    .append(String.format(Locale.ROOT, "%.0f s", longest[i] / 1e9));
            if (longest[i] > 0) {
                long from = Math.max(0, (longestFrom[i] - t0) / 1_000_000_000L);
                line.append(String.format(Locale.ROOT, " (from %02d:%02d)", from / 60, from % 60));
            }
        }
        out.println(line);
    }

    private static long[] values(ProgressLine.Gauges g) {
        return new long[] {g.collected(), g.valid(), g.alerts()};
    }
}
