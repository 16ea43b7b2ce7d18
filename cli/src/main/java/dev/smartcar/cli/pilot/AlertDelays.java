package dev.smartcar.cli.pilot;

import dev.smartcar.cli.redis.Alert;
import dev.smartcar.schemas.contract.RedisLayout.DetailField;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * How late each alert reached Redis after its window could close (issue #26: p99 ≤ 2 s after window end + grace).
 * A window can close when its car's clock passes its end plus the grace, that is when the line that moves the clock
 * there is written; the pilot notes the wall time it reads that line from the driving log (the reference tells it,
 * {@link OverSpeedReference#onAlertClosedByClock}), and the app stores the time the alert first reached Redis
 * ({@code stored_at_ms}). The delay is the difference, on the one host's clock. The pilot reads the log every
 * 100 ms, so a delay is short of the true one by at most that plus the simulator's write batching. Windows that
 * close by the app's wall-clock rule instead (a car silent for the grace: its last windows) are not timed.
 */
final class AlertDelays {

    private final LogTimestamp timestamp;
    private final LongSupplier clock;
    /** Member ({@code <car>-<window start>}) to the wall time the pilot saw its closing line. */
    private final Map<String, Long> closedAt = new HashMap<>();

    AlertDelays(LogTimestamp timestamp, LongSupplier clock) {
        this.timestamp = timestamp;
        this.clock = clock;
    }

    /** The reference's listener: the line just read closes this alerting window. */
    void closed(OverSpeedReference.Window window) {
        closedAt.putIfAbsent(window.carNumber() + "-" + timestamp.format(window.windowStart()), clock.getAsLong());
    }

    /**
     * The delays, read from the alerts' details {@code batch} at a time, also split by the quarter of the drive
     * ({@code fromMillis} to {@code toMillis}, wall clock) in which each window closed: a burst early in the drive (the
     * status day) shows apart from the steady state. With {@code toMillis <= fromMillis}, no quarters.
     */
    Result measure(Function<List<String>, List<Alert>> details, int batch, long fromMillis, long toMillis) {
        List<String> members = new ArrayList<>(closedAt.keySet());
        long[] delays = new long[members.size()];
        List<List<Long>> byQuarter = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        int n = 0;
        int missing = 0;
        for (int from = 0; from < members.size(); from += batch) {
            for (Alert a : details.apply(members.subList(from, Math.min(members.size(), from + batch)))) {
                String stored = a.details().get(DetailField.STORED_AT_MS.key());
                Long closed = closedAt.get(a.member().member());
                if (stored == null || closed == null) {
                    missing++;
                    continue;
                }
                delays[n++] = Long.parseLong(stored) - closed;
                if (toMillis > fromMillis && closed >= fromMillis && closed <= toMillis) {
                    int quarter = (int) Math.min(3, (closed - fromMillis) * 4 / (toMillis - fromMillis));
                    byQuarter.get(quarter).add(delays[n - 1]);
                }
            }
        }
        long[] sorted = Arrays.copyOf(delays, n);
        Arrays.sort(sorted);
        long[][] quarters = null;
        if (toMillis > fromMillis) {
            quarters = new long[4][];
            for (int q = 0; q < 4; q++) {
                quarters[q] = byQuarter.get(q).stream().mapToLong(Long::longValue).sorted().toArray();
            }
        }
        return new Result(sorted, missing, quarters);
    }

    /**
     * The measured delays in milliseconds, sorted, the timed windows with no alert (or no time) in Redis, and the
     * delays of each quarter of the drive, sorted (null when not split).
     */
    record Result(long[] sortedMillis, int missing, long[][] quarters) {

        long percentile(double p) {
            return percentile(sortedMillis, p);
        }

        static long percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return -1;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        void print(PrintWriter out) {
            if (sortedMillis.length == 0) {
                out.println("alert delay: no alert closed by its car's clock was found in Redis with stored_at_ms"
                        + (missing > 0 ? " (" + missing + " without)" : ""));
                return;
            }
            out.println(String.format(Locale.ROOT, "alert delay (in Redis after the window's end + grace, as the"
                            + " closing line was written): p50 %.2f s, p99 %.2f s, max %.2f s over %,d alerts%s",
                    percentile(50) / 1e3, percentile(99) / 1e3, sortedMillis[sortedMillis.length - 1] / 1e3,
                    sortedMillis.length, missing > 0 ? "; " + missing + " not in Redis or without stored_at_ms" : ""));
            if (quarters != null) {
                StringBuilder line = new StringBuilder("alert delay by the quarter of the drive its window closed in,"
                        + " p50 / p99:");
                for (int q = 0; q < 4; q++) {
                    line.append(q == 0 ? " " : " | ").append(quarters[q].length == 0 ? "none"
                            : String.format(Locale.ROOT, "%.2f / %.2f s (%,d)", percentile(quarters[q], 50) / 1e3,
                                    percentile(quarters[q], 99) / 1e3, quarters[q].length));
                }
                out.println(line);
            }
        }
    }
}
