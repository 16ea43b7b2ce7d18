package dev.smartcar.simulator;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line of a long run, on stderr about every two seconds: lines written and the rate since the last
 * report. On a terminal it rewrites one line in place; otherwise (a pipe, a log file, CI) it prints plain lines.
 */
final class Progress {

    static final long DEFAULT_INTERVAL_NANOS = 2_000_000_000L;

    private final PrintStream err;
    private final String label;
    private final boolean terminal;
    private final long intervalNanos;
    private long lastNanos;
    private long lastLines;
    private boolean printed;

    Progress(PrintStream err, String label, boolean terminal, long intervalNanos) {
        this.err = err;
        this.label = label;
        this.terminal = terminal;
        this.intervalNanos = intervalNanos;
        this.lastNanos = System.nanoTime();
    }

    /** A progress line that never prints; for callers that report nothing. */
    static Progress silent() {
        return new Progress(null, "", false, Long.MAX_VALUE);
    }

    /** Reports if the interval has passed; cheap enough to call per batch. */
    void update(long lines, long bytes) {
        long now = System.nanoTime();
        if (now - lastNanos < intervalNanos) {
            return;
        }
        double seconds = (now - lastNanos) / 1e9;
        String text = String.format(Locale.ROOT, "%s: %,d lines, %,d bytes, %,.0f lines/s",
                label, lines, bytes, (lines - lastLines) / seconds);
        if (terminal) {
            err.print("\r" + text + "\u001b[K");
        } else {
            err.println(text);
        }
        err.flush();
        printed = true;
        lastNanos = now;
        lastLines = lines;
    }

    /** Ends an in-place line so that the summary starts on a line of its own. */
    void finish() {
        if (terminal && printed) {
            err.println();
            err.flush();
        }
    }
}
