package dev.smartcar.cli.pilot;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * How long a fault paused the pipeline: for each gauge of the progress line (lines reaching the raw topics, valid
 * records out of the streams app, alerts in Redis), the longest time it did not move while the drivers wrote. A
 * sample that found a server unreachable counts as no progress. Resolution: the progress line's sampling, a second.
 */
final class PauseWatch {

    private static final String[] NAMES = {"collection", "valid records", "alerts in Redis"};

    private final long[] last = new long[NAMES.length];
    private final long[] lastMove = new long[NAMES.length];
    private final long[] longest = new long[NAMES.length];
    private boolean started;

    /** One sample at {@code nanos}; {@code g} is null when the servers could not be read. */
    void sample(long nanos, ProgressLine.Gauges g) {
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
        long[] now = g == null ? last.clone() : values(g);
        for (int i = 0; i < NAMES.length; i++) {
            longest[i] = Math.max(longest[i], nanos - lastMove[i]);
            if (now[i] > last[i]) {
                last[i] = now[i];
                lastMove[i] = nanos;
            }
        }
    }

    /** The longest pause of gauge {@code i} (0 collection, 1 valid records, 2 alerts), in milliseconds. */
    long longestMillis(int i) {
        return longest[i] / 1_000_000L;
    }

    void print(PrintWriter out) {
        StringBuilder line = new StringBuilder("longest pause while the drivers wrote (no progress, sampled every"
                + " second):");
        for (int i = 0; i < NAMES.length; i++) {
            line.append(i == 0 ? " " : ", ").append(NAMES[i]).append(' ')
                    .append(String.format(Locale.ROOT, "%.0f s", longest[i] / 1e9));
        }
        out.println(line);
    }

    private static long[] values(ProgressLine.Gauges g) {
        return new long[] {g.collected(), g.valid(), g.alerts()};
    }
}
