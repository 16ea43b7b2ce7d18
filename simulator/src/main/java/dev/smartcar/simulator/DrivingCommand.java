package dev.smartcar.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code driving}: the real-time driving log, appended line by line at the original's pace (docs/pilot.md §1.2). */
final class DrivingCommand implements Command {

    /** docs/pilot.md §1.2: the original's lines arrived up to about 30 simulated seconds out of order. */
    static final int DEFAULT_DISORDER_SECONDS = 30;

    private static final List<Arguments.Option> OPTIONS = List.of(
            new Arguments.Option("--date", "yyyyMMdd", "the simulated day (required), e.g. 20200322"),
            new Arguments.Option("--cars", "N", "number of cars, 1-9999 (default 100)"),
            new Arguments.Option("--out", "FILE", "the log to append to, e.g. SmartCarDriverInfo.log (required)"),
            new Arguments.Option("--pace-ms", "MS", "each car's pause between lines, 0-3600000 (default 100; 0 = as fast as possible)"),
            new Arguments.Option("--lines", "N", "stop after N data lines (default: run to 240000)"),
            new Arguments.Option("--duration", "D", "stop after this wall-clock time, e.g. 90s, 10m, 1h"),
            new Arguments.Option("--rotate-bytes", "B", "rotate FILE before it would grow past B bytes (default: never)"),
            new Arguments.Option("--rotate-mode", "MODE", "rename (FILE -> FILE.1, new FILE) or copytruncate (default rename)"),
            new Arguments.Option("--rotate-keep", "K", "rotated files kept, FILE.1..FILE.K, 1-1000 (default 5)"),
            new Arguments.Option("--copy-to", "FILE", "also append every byte written to FILE, which never rotates: the"
                    + " whole run in one file for a checker (default: none)"),
            new Arguments.Option("--disorder-seconds", "S", "0-3600: cars lag each other by up to S simulated s, as the original's (default 30)"),
            new Arguments.Option("--garbage-rate", "R", "0-1: chance that a bad line follows each data line (default 0)"),
            new Arguments.Option("--seed", "X", "random seed: same seed, same lines per car (default: random, printed)"),
            new Arguments.Option("--help", null, "show this help"));

    @Override
    public String name() {
        return "driving";
    }

    @Override
    public String summary() {
        return "append the real-time driving log, paced like the original (100 cars ~ 1,000 lines/s)";
    }

    @Override
    public List<Arguments.Option> options() {
        return OPTIONS;
    }

    @Override
    public String help() {
        return Command.help("smartcar-simulator driving --date yyyyMMdd --cars N --out FILE [options]",
                "Appends driving lines to FILE: per car a header line, then a line every 2 simulated seconds\n"
                        + "from 000000 to 240000, each car pausing --pace-ms between lines. Lines are written whole.\n"
                        + "Bad lines (--garbage-rate) are truncated lines, wrong field counts, bad numbers, values out\n"
                        + "of range, empty lines, CRLF endings, invalid UTF-8 and 10 KB lines, drawn at random.",
                OPTIONS);
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err, boolean terminal)
            throws UsageException, IOException {
        SimulatedDay day = args.date("--date");
        int cars = args.intValue("--cars", 1, CarNumber.MAX_CARS, 100);
        Path file = args.path("--out", "a file to append to");
        long paceMs = args.longValue("--pace-ms", 0, 3_600_000, 100);
        if (args.has("--lines") && args.has("--duration")) {
            throw new UsageException("driving: give --lines or --duration, not both");
        }
        long lines = args.longValue("--lines", 1, Long.MAX_VALUE, 0);
        Duration duration = args.duration("--duration");
        long rotateBytes = args.longValue("--rotate-bytes", 1, Long.MAX_VALUE, 0);
        if (!args.has("--rotate-bytes") && (args.has("--rotate-mode") || args.has("--rotate-keep"))) {
            throw new UsageException("driving: --rotate-mode and --rotate-keep need --rotate-bytes B");
        }
        RotationMode mode = args.choice("--rotate-mode", RotationMode.class, RotationMode.RENAME);
        int keep = args.intValue("--rotate-keep", 1, 1000, 5);
        Path copyTo = args.has("--copy-to") ? args.path("--copy-to", "a file to append the same lines to") : null;
        double garbageRate = args.doubleValue("--garbage-rate", 0, 1, 0);
        int disorderSeconds = args.intValue("--disorder-seconds", 0, 3600, DEFAULT_DISORDER_SECONDS);
        long seed = args.longValue("--seed", Long.MIN_VALUE, Long.MAX_VALUE, Seeds.random());

        if (Files.isDirectory(file)) {
            throw new UsageException("driving: --out " + file + " is a directory; expected a file to append to");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            OutputDirectory.prepare("--out " + file + ", directory", parent);
        }
        if (copyTo != null && (Files.isDirectory(copyTo) || copyTo.toAbsolutePath().equals(file.toAbsolutePath()))) {
            throw new UsageException("driving: --copy-to " + copyTo + " must be a file other than --out");
        }
        DrivingRun run = new DrivingRun(day, new DrivingFleet(cars, seed, disorderSeconds), TimeUnit.MILLISECONDS.toNanos(paceMs),
                lines, duration == null ? 0 : duration.toNanos(), garbageRate);
        Progress progress = new Progress(err, "driving", terminal, Progress.DEFAULT_INTERVAL_NANOS);
        long start = System.nanoTime();
        DrivingRun.Totals totals;
        CountDownLatch done = new CountDownLatch(1);
        // Ctrl-C ends the run after the line in hand, so the file ends with a whole line and a summary is printed.
        Thread onInterrupt = new Thread(() -> {
            run.stop();
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "driving-stop");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try (DrivingLogFile log = new DrivingLogFile(file, rotateBytes, mode, keep, copyTo)) {
            totals = run.writeTo(log, progress);
        } finally {
            progress.finish();
            done.countDown();
            removeHook(onInterrupt);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println(summary(file, totals, seconds, seed));
        out.flush();
        return 0;
    }

    static String summary(Path file, DrivingRun.Totals t, double seconds, long seed) {
        StringBuilder kinds = new StringBuilder();
        for (Map.Entry<GarbageKind, Long> e : t.garbageByKind().entrySet()) {
            kinds.append(kinds.length() == 0 ? "" : ",").append(e.getKey().code()).append(':').append(e.getValue());
        }
        long lines = t.records() + t.headers() + t.garbage();
        return String.format(Locale.ROOT,
                "driving: file=%s lines=%d records=%d headers=%d garbage=%d bytes=%d rotations=%d seconds=%.2f"
                        + " lines_per_second=%.0f end=%s seed=%d garbage_kinds=%s",
                file, lines, t.records(), t.headers(), t.garbage(), t.bytes(), t.rotations(), seconds,
                seconds > 0 ? lines / seconds : 0, t.end().name().toLowerCase(Locale.ROOT).replace('_', '-'), seed, kinds);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Already shutting down: the hook is running and waits for us.
        }
    }
}
