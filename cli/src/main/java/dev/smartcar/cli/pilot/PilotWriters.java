package dev.smartcar.cli.pilot;

import dev.smartcar.cli.DurationText;
import dev.smartcar.cli.LogTime;
import dev.smartcar.cli.replay.SpoolDrop;
import dev.smartcar.schemas.contract.HeaderNames;
import dev.smartcar.schemas.contract.LinePosition;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The run's writers: the simulator's status day, dropped into the spool directory once complete, and its paced
 * drivers appending to the tailed driving log (then, with {@code --wrong-clock}, the wrong-clock days), each as a
 * child process. While they write, the files are recounted as they grow and the progress line shows the pipeline.
 */
final class PilotWriters {

    /** A rotated generation's name after the log's: FILE.3, or FILE.3.gz once logrotate compressed it. */
    private static final Pattern ROTATED_SUFFIX = Pattern.compile("[0-9]+(\\.gz)?");

    private final PilotCommand.Settings s;
    private final String dayText;
    private final long seed;
    private final List<SimulatorRun> children;
    private final Path runDir;
    private final String statusName;
    private final Path statusFile;
    private final long drivingStart;
    private final String drivingName;
    /** A rotating log is checked against the simulator's unrotated copy: rotation may delete old files. */
    private final Path drivingCopy;
    private SimulatorRun statusSim;
    private SimulatorRun drivingSim;
    private LineFeed drivingFeed;

    /** Creates the run's folder and notes where the driving log ends now: this run's lines start there. */
    PilotWriters(PilotCommand.Settings s, String dayText, long seed, List<SimulatorRun> children) throws IOException {
        this.s = s;
        this.dayText = dayText;
        this.seed = seed;
        this.children = children;
        this.runDir = s.workDir().resolve(dayText);
        Files.createDirectories(runDir);
        this.statusName = "SmartCarStatusInfo_" + dayText + ".txt";
        this.statusFile = runDir.resolve(statusName);
        Files.createDirectories(s.drivingLog().toAbsolutePath().getParent());
        this.drivingStart = Files.exists(s.drivingLog()) ? Files.size(s.drivingLog()) : 0;
        this.drivingName = s.drivingLog().getFileName().toString();
        this.drivingCopy = runDir.resolve("driving-lines.log");
    }

    /** The run's first lines; chaos.sh starts its timeline at {@code pilot: day} and quotes these three. */
    void printPlan(PrintWriter out) {
        out.printf(Locale.ROOT, "pilot: day %s, %d cars, drivers for %s at %d ms pace, seed %d%n", dayText, s.cars(),
                DurationText.format(s.duration()), s.paceMs(), seed);
        out.println("  status day  -> " + statusFile + " -> spool " + s.spoolDir()
                + (s.statusCars() != s.cars() ? " (" + s.statusCars() + " cars)" : ""));
        out.println("  driving log -> " + s.drivingLog() + " (from byte " + drivingStart + ")"
                + (s.rotateBytes() > 0 ? ", rotated by " + s.rotateMode() + " every " + s.rotateBytes() + " bytes"
                        + (s.rotateCompress() ? ", compressed " + s.compressDelayMs() + " ms later" : "")
                        : ""));
        out.flush();
    }

    /** Starts both simulators; the driving lines are recounted into {@code drivingTally} as they are written. */
    void start(LineTally drivingTally) {
        drivingFeed = s.rotateBytes() > 0 ? new LineFeed(drivingCopy, 0, drivingTally)
                : new LineFeed(s.drivingLog(), drivingStart, drivingTally);
        String cars = Integer.toString(s.cars());
        List<String> statusArgs = List.of("status", "--date", dayText, "--cars", Integer.toString(s.statusCars()),
                "--out", runDir.toString(), "--seed", Long.toString(seed));
        List<String> drivingArgs = new ArrayList<>(List.of("driving", "--date", dayText, "--cars", cars,
                "--out", s.drivingLog().toString(), "--pace-ms", Long.toString(s.paceMs()),
                "--duration", s.duration().toMillis() + "ms", "--seed", Long.toString(seed)));
        if (s.garbageRate() > 0) {
            drivingArgs.addAll(List.of("--garbage-rate", Double.toString(s.garbageRate())));
        }
        if (s.rotateBytes() > 0) {
            // Keep many rotated files: a tailer that is down for a while must still find what it has not read.
            drivingArgs.addAll(List.of("--rotate-bytes", Long.toString(s.rotateBytes()), "--rotate-mode",
                    s.rotateMode(), "--rotate-keep", "100", "--copy-to", drivingCopy.toString()));
            if (s.rotateCompress()) {
                drivingArgs.addAll(List.of("--rotate-compress", "--compress-delay-ms",
                        Long.toString(s.compressDelayMs())));
            }
        }
        statusSim = SimulatorRun.start(s.simulatorJar(), statusArgs, runDir.resolve("status-simulator.log"));
        children.add(statusSim);
        drivingSim = SimulatorRun.start(s.simulatorJar(), drivingArgs, runDir.resolve("driving-simulator.log"));
        children.add(drivingSim);
    }

    /** Which of a file's lines are this run's: all, those from {@code drivingStart} on, or none. */
    private enum FileOfRun { ALL, FROM_START, NONE }

    /**
     * Whether a record's source headers name this run's lines: its status file, or its part of the driving log.
     * The pilot counts every record of the raw and Avro topics with it (millions for a status day), so the file's
     * verdict is kept while the records name the same file as the one before: no path decoded per record. One
     * predicate per reader thread.
     */
    Predicate<Headers> linesOfThisRun() {
        return new Predicate<>() {
            private byte[] lastPosition;
            private FileOfRun lastFile;

            @Override
            public boolean test(Headers h) {
                Header binary = h.lastHeader(HeaderNames.POSITION);
                byte[] value = binary == null ? null : binary.value();
                if (!LinePosition.isValid(value)) {
                    LinePosition at = PilotTopics.position(h);   // the text headers of rejected and set-aside records
                    return at != null && ofThisRun(classify(at.file()), at.offset());
                }
                if (lastPosition == null || !LinePosition.sameFile(lastPosition, value)) {
                    lastFile = classify(LinePosition.file(value));
                    lastPosition = value;
                }
                return ofThisRun(lastFile, lastFile == FileOfRun.FROM_START ? LinePosition.decode(value).offset() : 0);
            }
        };
    }

    private boolean ofThisRun(FileOfRun file, long offset) {
        return file == FileOfRun.ALL || file == FileOfRun.FROM_START && offset >= drivingStart;
    }

    private FileOfRun classify(String file) {
        String name = file.isEmpty() ? "" : Path.of(file).getFileName().toString();
        if (name.equals(statusName)) {
            return FileOfRun.ALL;
        }
        if (s.rotateBytes() > 0 && (name.equals(drivingName) || name.startsWith(drivingName + ".")
                && ROTATED_SUFFIX.matcher(name.substring(drivingName.length() + 1)).matches())) {
            // Rotation restarts offsets (a new or truncated FILE), so they cannot tell this run's lines from
            // earlier ones: the topics are read from this run's start instead, after earlier runs drained.
            return FileOfRun.ALL;
        }
        return name.equals(drivingName) ? FileOfRun.FROM_START : FileOfRun.NONE;
    }

    /** What the simulator appended to the driving log since the last read (into the tally and the reference). */
    private void readDrivingLog() {
        try {
            drivingFeed.poll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shows the progress line until both writers are done (the status day in the spool directory and recounted),
     * appends the wrong-clock days if asked, and returns the lines written.
     */
    long awaitWritten(LineTally statusTally, LineTally drivingTally, WrongClockDays wrongClockDays, PilotTopics topics,
                      PilotGauges gauges, OutageWatch watch, ProgressLine progress, PauseWatch pauses, PrintWriter out,
                      long t0) throws IOException, InterruptedException {
        CompletableFuture<Void> statusDone = null;
        while (drivingSim.running() || statusDone == null || !statusDone.isDone()) {
            if (statusDone == null && !statusSim.running()) {
                statusSim.awaitSuccess();
                SpoolDrop.copyInto(statusFile, s.spoolDir());
                statusDone = CompletableFuture.runAsync(() -> {
                    try {
                        LineFeed.readAll(statusFile, statusTally);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            drivingFeed.poll();
            long written = drivingTally.lines() + (statusDone != null && statusDone.isDone() ? statusTally.lines() : 0);
            ProgressLine.Gauges g = watch.read(() -> {
                topics.poll(PilotTopics.LIVE_READ, this::readDrivingLog);
                return gauges.read(Set.of(dayText), topics, written);
            });
            pauses.sample(System.nanoTime(), g, true);
            if (g != null) {
                progress.show("writing ", PilotCommand.elapsed(t0), g);
            }
            // The driving log every 100 ms in between: the alert delays are timed from when a line is read here.
            for (int tick = 0; tick < 10; tick++) {
                Thread.sleep(100);
                readDrivingLog();
            }
        }
        drivingSim.awaitSuccess();
        if (wrongClockDays != null) {
            appendWrongClockLines(wrongClockDays, out);
        }
        statusDone.join();
        drivingFeed.poll();
        long written = drivingTally.lines() + statusTally.lines();
        progress.finish();
        out.println("writers done: " + drivingSim.tail().lines().reduce((a, b) -> b).orElse(""));
        if (drivingFeed.unterminatedBytes() > 0) {
            out.println("note: the driving log ends with " + drivingFeed.unterminatedBytes()
                    + " bytes without a newline; the tail source holds them back, so they are not counted");
        }
        out.flush();
        return written;
    }

    /**
     * The two situations a per-car clock must survive, appended to the driving log after the drivers: one line of
     * one car 30 years ahead, the next day's log, then an earlier day's log after those later ones. The same seed
     * gives the same cars as the drivers had, so every car already has a clock on the run's day.
     */
    private void appendWrongClockLines(WrongClockDays days, PrintWriter out) throws InterruptedException {
        String seedText = Long.toString(seed);
        String carsText = Integer.toString(s.cars());
        // 90 lines a car: 3 simulated minutes, 6 windows per car on each day.
        String dayLines = Integer.toString(s.cars() * 90);
        List<List<String>> steps = List.of(
                List.of("--date", LogTime.format(days.future()), "--lines", "1"),
                List.of("--date", LogTime.format(days.next()), "--lines", dayLines),
                List.of("--date", LogTime.format(days.earlier()), "--lines", dayLines));
        int i = 0;
        for (List<String> step : steps) {
            List<String> args = new ArrayList<>(List.of("driving", "--cars", carsText, "--out",
                    s.drivingLog().toString(),
                    "--pace-ms", "0", "--seed", seedText));
            args.addAll(step);
            SimulatorRun run = SimulatorRun.start(s.simulatorJar(), args, runDir.resolve("wrong-clock-" + ++i
                    + ".log"));
            children.add(run);
            run.awaitSuccess();
        }
        out.println("wrong clock: appended one line dated " + LogTime.format(days.future()) + ", then "
                + dayLines + " lines of " + LogTime.format(days.next()) + ", then " + dayLines + " lines of "
                + LogTime.format(days.earlier()) + " (an earlier day after later ones)");
    }
}
