package dev.smartcar.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code driving}: the real-time driving log, appended line by line at the original's pace (docs/pilot.md §1.2). */
@Command(name = "driving", header =
        "append the real-time driving log, paced like the original (100 cars ~ 1,000 lines/s)",
        customSynopsis = "smartcar-simulator driving --date yyyyMMdd --cars N --out FILE [options]",
        descriptionHeading = "%n", description = "Appends driving lines to FILE: per car a header line, then a line"
                + " every 2 simulated seconds from 000000 to 240000, each car pausing --pace-ms between lines. Lines"
                + " are written whole. Bad lines (--garbage-rate) are truncated lines, wrong field counts, bad"
                + " numbers, values out of range, empty lines, CRLF endings, invalid UTF-8 and 10 KB lines, drawn at"
                + " random.",
        optionListHeading = "%nOptions:%n", sortOptions = false)
final class DrivingCommand implements Callable<Integer> {

    /** docs/pilot.md §1.2: the original's lines arrived up to about 30 simulated seconds out of order. */
    static final int DEFAULT_DISORDER_SECONDS = 30;

    @ParentCommand
    private Simulator tool;
    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetDay fleet;
    private Path file;
    private long paceMs = 100;
    private long lines;
    private Duration duration;
    private long rotateBytes;
    private RotationMode mode = RotationMode.RENAME;
    private int keep = 5;
    private boolean compress;
    private long compressDelayMs;
    private Path copyTo;
    private int disorderSeconds = DEFAULT_DISORDER_SECONDS;
    private double garbageRate;
    private Long seed;

    @Option(names = "--out", paramLabel = "FILE", order = 3,
            description = "the log to append to, e.g. SmartCarDriverInfo.log (required)")
    void out(String text) {
        file = new OptionText(spec).path("--out", text, "a file to append to");
    }

    @Option(names = "--pace-ms", paramLabel = "MS", order = 4,
            description = "each car's pause between lines, 0-3600000 (default 100; 0 = as fast as possible)")
    void paceMs(String text) {
        paceMs = new OptionText(spec).whole("--pace-ms", text, 0, 3_600_000);
    }

    @Option(names = "--lines", paramLabel = "N", order = 5, description =
            "stop after N data lines (default: run to 240000)")
    void lines(String text) {
        lines = new OptionText(spec).whole("--lines", text, 1, Long.MAX_VALUE);
    }

    @Option(names = "--duration", paramLabel = "D", order = 6,
            description = "stop after this wall-clock time, e.g. 90s, 10m, 1h")
    void duration(String text) {
        duration = new OptionText(spec).positiveDuration("--duration", text);
    }

    @Option(names = "--rotate-bytes", paramLabel = "B", order = 7,
            description = "rotate FILE before it would grow past B bytes (default: never)")
    void rotateBytes(String text) {
        rotateBytes = new OptionText(spec).whole("--rotate-bytes", text, 1, Long.MAX_VALUE);
    }

    @Option(names = "--rotate-mode", paramLabel = "MODE", order = 8,
            description = "rename (FILE -> FILE.1, new FILE) or copytruncate (default rename)")
    void rotateMode(String text) {
        mode = new OptionText(spec).choice("--rotate-mode", text, RotationMode.class);
    }

    @Option(names = "--rotate-keep", paramLabel = "K", order = 9,
            description = "rotated files kept, FILE.1..FILE.K, 1-1000 (default 5)")
    void rotateKeep(String text) {
        keep = (int) new OptionText(spec).whole("--rotate-keep", text, 1, 1000);
    }

    @Option(names = "--rotate-compress", order = 10, description = "gzip each rotated FILE.1 into FILE.1.gz and"
            + " remove it, as logrotate's compress does (FILE.k.gz -> FILE.k+1.gz; default: rotated files stay plain)")
    private void rotateCompress(boolean on) {
        compress = on;
    }

    @Option(names = "--compress-delay-ms", paramLabel = "MS", order = 11,
            description = "0-600000: wait between a rotation and its gzip while FILE is written on (default 0)")
    void compressDelayMs(String text) {
        compressDelayMs = new OptionText(spec).whole("--compress-delay-ms", text, 0, 600_000);
    }

    @Option(names = "--copy-to", paramLabel = "FILE", order = 12, description = "also append every byte written to"
            + " FILE, which never rotates: the whole run in one file for a checker (default: none)")
    void copyTo(String text) {
        copyTo = new OptionText(spec).path("--copy-to", text, "a file to append the same lines to");
    }

    @Option(names = "--disorder-seconds", paramLabel = "S", order = 13,
            description = "0-3600: cars lag each other by up to S simulated s, as the original's (default 30)")
    void disorderSeconds(String text) {
        disorderSeconds = (int) new OptionText(spec).whole("--disorder-seconds", text, 0, 3600);
    }

    @Option(names = "--garbage-rate", paramLabel = "R", order = 14,
            description = "0-1: chance that a bad line follows each data line (default 0)")
    void garbageRate(String text) {
        garbageRate = new OptionText(spec).fraction("--garbage-rate", text, 0, 1);
    }

    @Option(names = "--seed", paramLabel = "X", order = 15,
            description = "random seed: same seed, same lines per car (default: random, printed)")
    void seed(String text) {
        seed = new OptionText(spec).whole("--seed", text, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 16, description = "show this help")
    private boolean help;

    @Override
    public Integer call() throws IOException {
        OptionText options = new OptionText(spec);
        ParseResult given = spec.commandLine().getParseResult();
        if (fleet.day == null) {
            throw options.refused("--date is required (yyyyMMdd, e.g. 20200322)");
        }
        if (file == null) {
            throw options.refused("--out is required (a file to append to)");
        }
        if (given.hasMatchedOption("--lines") && given.hasMatchedOption("--duration")) {
            throw options.refused("give --lines or --duration, not both");
        }
        if (!given.hasMatchedOption("--rotate-bytes")
                && (given.hasMatchedOption("--rotate-mode") || given.hasMatchedOption("--rotate-keep"))) {
            throw options.refused("--rotate-mode and --rotate-keep need --rotate-bytes B");
        }
        if (!given.hasMatchedOption("--rotate-bytes") && given.hasMatchedOption("--rotate-compress")) {
            throw options.refused("--rotate-compress needs --rotate-bytes B");
        }
        if (!given.hasMatchedOption("--rotate-compress") && given.hasMatchedOption("--compress-delay-ms")) {
            throw options.refused("--compress-delay-ms needs --rotate-compress");
        }
        long seedValue = seed != null ? seed : Seeds.random();
        PrintStream out = tool.out;
        PrintStream err = tool.err;
        boolean terminal = tool.terminal;

        if (Files.isDirectory(file)) {
            throw options.refused("--out " + file + " is a directory; expected a file to append to");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            OutputDirectory.prepare("--out " + file + ", directory", parent);
        }
        if (copyTo != null && (Files.isDirectory(copyTo) || copyTo.toAbsolutePath().equals(file.toAbsolutePath()))) {
            throw options.refused("--copy-to " + copyTo + " must be a file other than --out");
        }
        DrivingRun run = new DrivingRun(fleet.day, new DrivingFleet(fleet.cars, seedValue, disorderSeconds),
                TimeUnit.MILLISECONDS.toNanos(paceMs),
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
            if (compress) {
                log.compressRotated(compressDelayMs);
            }
            totals = run.writeTo(log, progress);
        } finally {
            progress.finish();
            done.countDown();
            removeHook(onInterrupt);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.println(summary(file, totals, seconds, seedValue));
        out.flush();
        return Simulator.OK;
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
                seconds > 0 ? lines / seconds : 0, t.end().name().toLowerCase(Locale.ROOT).replace('_', '-'), seed,
                        kinds);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Already shutting down: the hook is running and waits for us.
        }
    }
}
