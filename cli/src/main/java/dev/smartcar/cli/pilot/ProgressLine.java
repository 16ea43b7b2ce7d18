package dev.smartcar.cli.pilot;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The pilot's one live line: rewritten in place with {@code \r} on a terminal; on a pipe or a file (CI logs), a
 * plain line every few seconds instead, so the log stays readable.
 */
public final class ProgressLine {

    /** The numbers shown. */
    public record Gauges(long written, long collected, long valid, long rejected, long inHBase, long alerts) { }

    private final PrintWriter out;
    private final boolean terminal;
    private final long plainEveryNanos;
    private long lastPlain = Long.MIN_VALUE;
    private int lastWidth;

    public ProgressLine(PrintWriter out, boolean terminal, long plainEveryNanos) {
        this.out = out;
        this.terminal = terminal;
        this.plainEveryNanos = plainEveryNanos;
    }

    public static String render(String phase, long elapsedSeconds, Gauges g) {
        return String.format(Locale.ROOT,
                "%s %02d:%02d  written %,d | collected %,d | valid %,d | rejected %,d | in HBase ~%,d | alerts %,d",
                phase, elapsedSeconds / 60, elapsedSeconds % 60, g.written(), g.collected(), g.valid(), g.rejected(),
                g.inHBase(), g.alerts());
    }

    public void show(String phase, long elapsedSeconds, Gauges g) {
        String line = render(phase, elapsedSeconds, g);
        if (terminal) {
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
            out.flush();
            return;
        }
        long now = System.nanoTime();
        if (lastPlain == Long.MIN_VALUE || now - lastPlain >= plainEveryNanos) {
            out.println(line);
            out.flush();
            lastPlain = now;
        }
    }

    /** Ends the in-place line so what follows starts on a fresh one. */
    public void finish() {
        if (terminal && lastWidth > 0) {
            out.println();
            out.flush();
            lastWidth = 0;
        }
    }
}
