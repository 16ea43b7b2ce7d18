package dev.smartcar.cli.pilot;

import dev.smartcar.cli.Check;
import dev.smartcar.cli.CliException;
import dev.smartcar.cli.DurationText;
import dev.smartcar.cli.HBaseOptions;
import dev.smartcar.cli.KafkaOptions;
import dev.smartcar.cli.LogTime;
import dev.smartcar.cli.ProjectHome;
import dev.smartcar.cli.RedisOptions;
import dev.smartcar.cli.AlertTable;
import dev.smartcar.cli.hbase.DayRows;
import dev.smartcar.cli.hbase.HBaseStore;
import dev.smartcar.cli.hbase.KeyedGets;
import dev.smartcar.cli.hbase.LogTable;
import dev.smartcar.cli.hbase.RowKey;
import dev.smartcar.cli.redis.AlertStore;
import dev.smartcar.cli.redis.DetailKey;
import dev.smartcar.cli.replay.SpoolDrop;
import dev.smartcar.schemas.contract.Topics;
import dev.smartcar.schemas.log.LogTimestamp;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pilot}: the scenario behind {@code make run}, on a stack that is up, deployed and running the streams
 * app. Writes one simulated status day for N cars into the spool directory and N drivers into the tailed driving
 * log at the original's pace, shows one live progress line, waits for the pipeline to drain, then checks the
 * result against an independent recount of the files and prints a verdict.
 */
@Command(name = "pilot", mixinStandardHelpOptions = true,
        description = {"Run the pilot scenario end to end and check the result (what `make run` runs).",
                "Writes a status day and a paced driving log, shows live progress, waits for the pipeline to",
                "drain, and checks: every valid line in HBase exactly once, every rejected line accounted for by",
                "reason, the alerts in Redis and on smartcar.overspeed equal to an independent recomputation, and",
                "every valid driving line in a window or set aside on smartcar.setaside, by reason, as recomputed."})
public final class PilotCommand implements Callable<Integer> {

    static final String STATUS_RAW = Topics.STATUS_RAW;
    static final String DRIVING_RAW = Topics.DRIVING_RAW;
    static final String STATUS = Topics.STATUS;
    static final String DRIVING = Topics.DRIVING;
    static final String REJECTED = Topics.REJECTED;
    static final String OVERSPEED = Topics.OVERSPEED;
    static final String SETASIDE = Topics.SETASIDE;
    static final LocalDate FIRST_DAY = LocalDate.of(2020, 3, 22);

    @Mixin
    KafkaOptions kafka;
    @Mixin
    HBaseOptions hbaseOptions;
    @Mixin
    RedisOptions redisOptions;

    @Option(names = "--duration", defaultValue = "3m", paramLabel = "D",
            description = "how long the drivers write, e.g. 90s, 3m, 1h (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--cars", defaultValue = "100", paramLabel = "N", description = "cars, 1-9999 (default ${DEFAULT-VALUE})")
    int cars;

    @Option(names = "--pace-ms", defaultValue = "100", paramLabel = "MS",
            description = "each driver's pause between lines; 100 = the original (about 10 lines/s per car),"
                    + " smaller = faster than real time (default ${DEFAULT-VALUE})")
    long paceMs;

    @Option(names = "--date", paramLabel = "yyyyMMdd",
            description = "the simulated day (default: the first day from 20200322 on with no data yet)")
    String date;

    @Option(names = "--seed", paramLabel = "N", description = "random seed of both simulators (default: random, printed)")
    Long seed;

    @Option(names = "--garbage-rate", defaultValue = "0", paramLabel = "R",
            description = "share of extra bad driving lines, 0-1 (default ${DEFAULT-VALUE}: only the original's headers)")
    double garbageRate;

    @Option(names = "--rotate-bytes", defaultValue = "0", paramLabel = "B",
            description = "rotate the driving log before it grows past B bytes, as logrotate would (default"
                    + " ${DEFAULT-VALUE}: never); the check then reads the simulator's unrotated copy of the run")
    long rotateBytes;

    @Option(names = "--rotate-mode", defaultValue = "rename", paramLabel = "MODE",
            description = "how the driving log rotates: rename (FILE -> FILE.1, new FILE) or copytruncate"
                    + " (default ${DEFAULT-VALUE})")
    String rotateMode;

    @Option(names = "--close-wait", defaultValue = "95s", paramLabel = "D",
            description = "least wait after the writers end before the last windows count as closed: window 30 s +"
                    + " grace 60 s + flush (default ${DEFAULT-VALUE})")
    String closeWait;

    @Option(names = "--grace-ms", defaultValue = "${env:SMARTCAR_OVERSPEED_GRACE_MS:-60000}", paramLabel = "MS",
            description = "the app's smartcar.overspeed.grace.ms, for the recomputation (env as the app reads it;"
                    + " default ${DEFAULT-VALUE})")
    long graceMs;

    @Option(names = "--clock-outlier-ms", defaultValue = "${env:SMARTCAR_OVERSPEED_CLOCK_OUTLIER_MS:-600000}",
            paramLabel = "MS", description = "the app's smartcar.overspeed.clock.outlier.ms, for the recomputation"
                    + " (default ${DEFAULT-VALUE})")
    long clockOutlierMs;

    @Option(names = "--clock-confirm-records", defaultValue = "${env:SMARTCAR_OVERSPEED_CLOCK_CONFIRM_RECORDS:-3}",
            paramLabel = "N", description = "the app's smartcar.overspeed.clock.confirm.records, for the recomputation"
                    + " (default ${DEFAULT-VALUE})")
    int clockConfirmRecords;

    @Option(names = "--wrong-clock", description = {"after the drivers: one valid line from one car dated 30 years"
            + " ahead (a device with a wrong clock), then the next day's log, then an earlier day's log replayed"
            + " after those later ones (pace 0); the checks then cover every day the lines belong to"})
    boolean wrongClock;

    @Option(names = "--drain-timeout", defaultValue = "15m", paramLabel = "D",
            description = "longest wait for the pipeline to drain after the writers end (default ${DEFAULT-VALUE})")
    String drainTimeout;

    @Option(names = "--spool-dir", paramLabel = "DIR", defaultValue = "${env:SMARTCAR_SPOOL_DIR:-}",
            description = "the spool-dir source's directory (env SMARTCAR_SPOOL_DIR; default .stack/dev/data/spool/incoming)")
    String spoolDir;

    @Option(names = "--driving-log", paramLabel = "FILE", defaultValue = "${env:SMARTCAR_DRIVING_LOG:-}",
            description = "the tailed driving log (env SMARTCAR_DRIVING_LOG; default"
                    + " .stack/dev/data/driving/SmartCarDriverInfo.log)")
    String drivingLog;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${env:SMARTCAR_PILOT_DIR:-}",
            description = "where each run keeps its status file and simulator logs (default .stack/dev/data/pilot)")
    String workDir;

    @Option(names = "--simulator-jar", paramLabel = "JAR", defaultValue = "${env:SMARTCAR_SIMULATOR_JAR:-}",
            description = "the simulator (default simulator/target/smartcar-simulator.jar)")
    String simulatorJar;

    @Option(names = "--sink-group", defaultValue = "connect-smartcar-hbase-sink", paramLabel = "GROUP",
            description = "consumer group of the HBase sink connector (default ${DEFAULT-VALUE})")
    String sinkGroup;

    @Spec
    CommandSpec spec;

    private final List<SimulatorRun> children = new ArrayList<>();
    private WrongClockDays wrongClockDays;
    private Map<String, Long> setAsideSeen = Map.of();

    @Override
    public Integer call() throws Exception {
        LogTime time = new LogTime();
        Settings s = settings(time);
        PrintWriter out = spec.commandLine().getOut();
        Thread stopChildren = new Thread(() -> children.forEach(SimulatorRun::stop), "pilot-stop-simulators");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        try (PipelineOffsets offsets = new PipelineOffsets(kafka.bootstrap());
             HBaseStore hbase = HBaseStore.open(hbaseOptions.zookeeper());
             Table drivingTable = hbase.table(LogTable.DRIVING);
             Table statusTable = hbase.table(LogTable.STATUS);
             AlertStore redis = AlertStore.open(redisOptions.address(), redisOptions.passwordFile(), DetailKey.defaults())) {
            for (String topic : List.of(STATUS_RAW, DRIVING_RAW, STATUS, DRIVING, REJECTED, OVERSPEED, SETASIDE)) {
                offsets.partitions(topic);
            }
            LocalDate day = chooseDay(s, drivingTable, statusTable, redis);
            String dayText = LogTime.format(day);
            if (wrongClock) {
                wrongClockDays = WrongClockDays.choose(day, d -> usedBy(s, d, drivingTable, statusTable, redis));
            }
            long seedValue = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            return run(s, day, dayText, seedValue, time, offsets, drivingTable, statusTable, redis, out);
        } finally {
            children.forEach(SimulatorRun::stop);
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already.
            }
        }
    }

    /** The options, checked; paths resolved against the dev stack when not given. */
    record Settings(Duration duration, Duration closeWait, Duration drainTimeout, Path spoolDir, Path drivingLog,
                    Path workDir, Path simulatorJar) { }

    Settings settings(LogTime time) {
        Duration d = DurationText.parse(duration, "--duration");
        if (d.isZero()) {
            throw CliException.usage("--duration must be more than 0, e.g. 3m");
        }
        if (cars < 1 || cars > 9_999) {
            throw CliException.usage("--cars " + cars + " is out of range; expected 1-9999");
        }
        if (paceMs < 0 || paceMs > 3_600_000) {
            throw CliException.usage("--pace-ms " + paceMs + " is out of range; expected 0-3600000");
        }
        if (rotateBytes < 0) {
            throw CliException.usage("--rotate-bytes " + rotateBytes + " is out of range; expected 0 (never) or more");
        }
        if (!rotateMode.equals("rename") && !rotateMode.equals("copytruncate")) {
            throw CliException.usage("--rotate-mode " + rotateMode + " is not known; expected rename or copytruncate");
        }
        if (!(garbageRate >= 0 && garbageRate <= 1)) {
            throw CliException.usage("--garbage-rate " + garbageRate + " is out of range; expected 0-1");
        }
        if (date != null) {
            time.day(date, "--date");
        }
        if (wrongClock && rotateBytes > 0) {
            throw CliException.usage("--wrong-clock and --rotate-bytes cannot be combined: the wrong-clock lines are"
                    + " appended to the driving log after the drivers, which a rotating run checks through its copy");
        }
        if (graceMs < 0 || clockOutlierMs <= graceMs || clockConfirmRecords < 1) {
            throw CliException.usage("--grace-ms " + graceMs + ", --clock-outlier-ms " + clockOutlierMs
                    + ", --clock-confirm-records " + clockConfirmRecords
                    + ": expected grace >= 0, outlier > grace and confirm >= 1, as the app's settings");
        }
        Path home = ProjectHome.path();
        String stackHomeEnv = System.getenv("SMARTCAR_STACK_HOME");
        Path stackHome = stackHomeEnv == null || stackHomeEnv.isBlank() ? home.resolve(".stack/dev") : Path.of(stackHomeEnv);
        return new Settings(d, DurationText.parse(closeWait, "--close-wait"),
                DurationText.parse(drainTimeout, "--drain-timeout"),
                orDefault(spoolDir, stackHome.resolve("data/spool/incoming")),
                orDefault(drivingLog, stackHome.resolve("data/driving/SmartCarDriverInfo.log")),
                orDefault(workDir, stackHome.resolve("data/pilot")),
                orDefault(simulatorJar, home.resolve("simulator/target/smartcar-simulator.jar")));
    }

    private static Path orDefault(String option, Path fallback) {
        return option == null || option.isBlank() ? fallback : Path.of(option).toAbsolutePath();
    }

    /**
     * A day no earlier run touched, so the checks can compare this run's files with the whole day in HBase and
     * Redis: no row at 00:00:00 in either table (every simulated car writes one), no Redis set, no pilot files.
     */
    LocalDate chooseDay(Settings s, Table driving, Table status, AlertStore redis) throws IOException {
        if (date != null) {
            LocalDate d = new LogTime().day(date, "--date");
            String used = usedBy(s, d, driving, status, redis);
            if (used != null) {
                throw CliException.usage("--date " + date + " already holds data of an earlier run (" + used
                        + "); choose another day or leave --date out to take the next free one");
            }
            return d;
        }
        for (LocalDate d = FIRST_DAY; d.isBefore(FIRST_DAY.plusYears(30)); d = d.plusDays(1)) {
            if (usedBy(s, d, driving, status, redis) == null) {
                return d;
            }
        }
        throw CliException.failed("no free simulated day in 30 years from " + FIRST_DAY + "; give --date");
    }

    private static String usedBy(Settings s, LocalDate d, Table driving, Table status, AlertStore redis)
            throws IOException {
        String text = LogTime.format(d);
        if (Files.exists(s.workDir().resolve(text))) {
            return "pilot files in " + s.workDir().resolve(text);
        }
        if (redis.exists(text)) {
            return "Redis set " + text;
        }
        if (DayRows.anyAtMidnight(driving, d)) {
            return "rows in DriverCarInfo";
        }
        if (DayRows.anyAtMidnight(status, d)) {
            return "rows in SmartCarStatusInfo";
        }
        return null;
    }

    private int run(Settings s, LocalDate day, String dayText, long seedValue, LogTime time, PipelineOffsets offsets,
                    Table drivingTable, Table statusTable, AlertStore redis, PrintWriter out) throws Exception {
        Path runDir = s.workDir().resolve(dayText);
        Files.createDirectories(runDir);
        String statusName = "SmartCarStatusInfo_" + dayText + ".txt";
        Path statusFile = runDir.resolve(statusName);
        Files.createDirectories(s.drivingLog().toAbsolutePath().getParent());
        long drivingStart = Files.exists(s.drivingLog()) ? Files.size(s.drivingLog()) : 0;
        String drivingName = s.drivingLog().getFileName().toString();

        Baseline base = Baseline.take(offsets, sinkGroup);
        Map<TopicPartition, Long> start = new HashMap<>(offsets.endOffsets(REJECTED));
        start.putAll(offsets.endOffsets(OVERSPEED));
        start.putAll(offsets.endOffsets(SETASIDE));

        out.printf(Locale.ROOT, "pilot: day %s, %d cars, drivers for %s at %d ms pace, seed %d%n", dayText, cars,
                DurationText.format(s.duration()), paceMs, seedValue);
        out.println("  status day  -> " + statusFile + " -> spool " + s.spoolDir());
        out.println("  driving log -> " + s.drivingLog() + " (from byte " + drivingStart + ")"
                + (rotateBytes > 0 ? ", rotated by " + rotateMode + " every " + rotateBytes + " bytes" : ""));
        out.flush();

        // The app's rule with the app's settings: windows per car on the car's own clock, lines in file order.
        OverSpeedReference reference = new OverSpeedReference(OverSpeedReference.PILOT_WINDOW_MILLIS,
                OverSpeedReference.PILOT_THRESHOLD, graceMs, clockOutlierMs, clockConfirmRecords);
        LineTally drivingTally = new LineTally(LineTally.Kind.DRIVING, time.timestamp(), reference, seedValue);
        LineTally statusTally = new LineTally(LineTally.Kind.STATUS, time.timestamp(), null, seedValue);
        // A rotating log is checked against the simulator's unrotated copy: rotation may delete old files.
        Path drivingCopy = runDir.resolve("driving-lines.log");
        LineFeed drivingFeed = rotateBytes > 0 ? new LineFeed(drivingCopy, 0, drivingTally)
                : new LineFeed(s.drivingLog(), drivingStart, drivingTally);

        List<String> statusArgs = List.of("status", "--date", dayText, "--cars", Integer.toString(cars),
                "--out", runDir.toString(), "--seed", Long.toString(seedValue));
        List<String> drivingArgs = new ArrayList<>(List.of("driving", "--date", dayText, "--cars", Integer.toString(cars),
                "--out", s.drivingLog().toString(), "--pace-ms", Long.toString(paceMs),
                "--duration", s.duration().toMillis() + "ms", "--seed", Long.toString(seedValue)));
        if (garbageRate > 0) {
            drivingArgs.addAll(List.of("--garbage-rate", Double.toString(garbageRate)));
        }
        if (rotateBytes > 0) {
            // Keep many rotated files: a tailer that is down for a while must still find what it has not read.
            drivingArgs.addAll(List.of("--rotate-bytes", Long.toString(rotateBytes), "--rotate-mode", rotateMode,
                    "--rotate-keep", "100", "--copy-to", drivingCopy.toString()));
        }
        SimulatorRun statusSim = SimulatorRun.start(s.simulatorJar(), statusArgs, runDir.resolve("status-simulator.log"));
        children.add(statusSim);
        SimulatorRun drivingSim = SimulatorRun.start(s.simulatorJar(), drivingArgs, runDir.resolve("driving-simulator.log"));
        children.add(drivingSim);

        java.util.function.Predicate<Headers> ours = h -> {
            String file = PilotTopics.header(h, PilotTopics.FILE_HEADER, "");
            String name = file.isEmpty() ? "" : Path.of(file).getFileName().toString();
            if (name.equals(statusName)) {
                return true;
            }
            if (rotateBytes > 0 && (name.equals(drivingName) || name.startsWith(drivingName + ".")
                    && name.substring(drivingName.length() + 1).chars().allMatch(Character::isDigit))) {
                // Rotation restarts offsets (a new or truncated FILE), so they cannot tell this run's lines from
                // earlier ones: the topics are read from this run's start instead, after earlier runs drained.
                return true;
            }
            if (!name.equals(drivingName)) {
                return false;
            }
            try {
                return Long.parseLong(PilotTopics.header(h, PilotTopics.OFFSET_HEADER, "-1")) >= drivingStart;
            } catch (NumberFormatException e) {
                return false;
            }
        };
        boolean terminal = System.console() != null;
        ProgressLine progress = new ProgressLine(out, terminal, 5_000_000_000L);
        long t0 = System.nanoTime();
        CompletableFuture<Void> statusDone = null;
        try (PilotTopics topics = new PilotTopics(kafka.bootstrap(), kafka.registry(), REJECTED, OVERSPEED, SETASIDE, start, ours)) {
            // 1. The writers run; the status day goes into the spool directory as soon as it is complete.
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
                ProgressLine.Gauges g = whileReachable(out, progress, () -> {
                    topics.poll();
                    return base.gauges(offsets, redis, dayText, topics, written);
                });
                if (g != null) {
                    progress.show("writing ", elapsed(t0), g);
                }
                Thread.sleep(1_000);
            }
            drivingSim.awaitSuccess();
            if (wrongClockDays != null) {
                appendWrongClockLines(s, runDir, seedValue, out);
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

            // 2. Drain: wait until offsets and lag stop moving and the last windows had time to close.
            Set<String> expectedAlerts = new TreeSet<>();
            Set<String> alertDays = new TreeSet<>(List.of(dayText));
            for (OverSpeedReference.Window w : reference.alerts()) {
                expectedAlerts.add(w.carNumber() + "-" + time.timestamp().format(w.windowStart()));
                alertDays.add(time.timestamp().formatDay(w.windowStart()));
            }
            long expectedSetAside = reference.setAsideTotal();
            boolean drained = drain(s, base, offsets, redis, topics, alertDays, expectedAlerts.size(), expectedSetAside,
                    written, progress, t0);
            progress.finish();
            ProgressLine.Gauges after = base.gauges(offsets, redis, alertDays, topics, written);
            if (after.collected() == 0 && written > 0) {
                out.println("nothing was collected from the files: are the connectors deployed and the streams app"
                        + " running? (make deploy; make status)");
            }
            if (!drained) {
                out.println("the pipeline did not settle within --drain-timeout " + drainTimeout
                        + "; checking what is there");
            }

            // 3. The checks, against the recount of the files.
            out.println("counting rows of " + dayText + " in HBase ...");
            out.flush();
            // Every day the valid driving lines belong to (one, unless --wrong-clock added others).
            long drivingRows = 0;
            for (String d : drivingTally.days()) {
                drivingRows += DayRows.count(drivingTable, new LogTime().day(d, "driving line date"));
            }
            String drivingDays = drivingTally.days().isEmpty() ? dayText : String.join("+", drivingTally.days());
            long statusRows = DayRows.count(statusTable, day);
            List<String> mismatches = new ArrayList<>();
            int samples = compareSamples(drivingTable, LogTable.DRIVING, drivingTally, mismatches)
                    + compareSamples(statusTable, LogTable.STATUS, statusTally, mismatches);
            Map<String, Long> expectedRejects = new TreeMap<>(statusTally.rejectedByReason());
            drivingTally.rejectedByReason().forEach((k, v) -> expectedRejects.merge(k, v, Long::sum));
            topics.poll();
            Set<String> redisAlerts = new TreeSet<>();
            for (String d : alertDays) {
                redisAlerts.addAll(redis.members(d));
            }
            Map<String, Integer> topicAlerts = new TreeMap<>();
            topics.alertMembers().forEach((member, n) -> {
                if (member.length() >= 14 && alertDays.contains(member.substring(member.length() - 14, member.length() - 6))) {
                    topicAlerts.put(member, n);
                }
            });
            Verdict.Inputs inputs = new Verdict.Inputs(dayText, drivingDays, drivingTally.distinctRows(), drivingRows,
                    statusTally.distinctRows(), statusRows, samples, mismatches, expectedRejects,
                    topics.rejectedByReason(), expectedAlerts, redisAlerts, topicAlerts);
            List<Check> checks = new ArrayList<>(Verdict.checks(inputs));
            checks.addAll(Verdict.setAsideChecks(new Verdict.SetAside(drivingTally.valid(), reference.windowedRecords(),
                    reference.setAsideByReason(), topics.setAsideByReason())));
            setAsideSeen = topics.setAsideByReason();
            printSummary(out, dayText, seedValue, s, statusTally, drivingTally, checks, elapsed(t0));
            if (!Verdict.passed(checks)) {
                out.println("VERDICT: FAIL — the numbers above disagree. Look around: bin/smartcar alerts --date "
                        + dayText + "; make status; logs under .stack/dev/logs/");
                out.flush();
                return CliException.FAILED;
            }
            printSuccess(out, redis, dayText, alertDays, drivingTally);
            return CliException.OK;
        }
    }

    /**
     * The two situations a per-car clock must survive, appended to the driving log after the drivers: one line of
     * one car 30 years ahead, the next day's log, then an earlier day's log after those later ones. The same seed
     * gives the same cars as the drivers had, so every car already has a clock on the run's day.
     */
    private void appendWrongClockLines(Settings s, Path runDir, long seedValue, PrintWriter out)
            throws InterruptedException {
        String seedText = Long.toString(seedValue);
        String carsText = Integer.toString(cars);
        // 90 lines a car: 3 simulated minutes, 6 windows per car on each day.
        String dayLines = Integer.toString(cars * 90);
        List<List<String>> steps = List.of(
                List.of("--date", LogTime.format(wrongClockDays.future()), "--lines", "1"),
                List.of("--date", LogTime.format(wrongClockDays.next()), "--lines", dayLines),
                List.of("--date", LogTime.format(wrongClockDays.earlier()), "--lines", dayLines));
        int i = 0;
        for (List<String> step : steps) {
            List<String> args = new ArrayList<>(List.of("driving", "--cars", carsText, "--out", s.drivingLog().toString(),
                    "--pace-ms", "0", "--seed", seedText));
            args.addAll(step);
            SimulatorRun run = SimulatorRun.start(s.simulatorJar(), args, runDir.resolve("wrong-clock-" + ++i + ".log"));
            children.add(run);
            run.awaitSuccess();
        }
        out.println("wrong clock: appended one line dated " + LogTime.format(wrongClockDays.future()) + ", then "
                + dayLines + " lines of " + LogTime.format(wrongClockDays.next()) + ", then " + dayLines + " lines of "
                + LogTime.format(wrongClockDays.earlier()) + " (an earlier day after later ones)");
    }

    private boolean drain(Settings s, Baseline base, PipelineOffsets offsets, AlertStore redis, PilotTopics topics,
                          Set<String> alertDays, int expectedAlerts, long expectedSetAside, long written,
                          ProgressLine progress, long t0)
            throws InterruptedException {
        long doneAt = System.nanoTime();
        ProgressLine.Gauges last = null;
        int stableTicks = 0;
        PrintWriter out = spec.commandLine().getOut();
        while (System.nanoTime() - doneAt < s.drainTimeout().toNanos()) {
            DrainReading reading = whileReachable(out, progress, () -> {
                topics.poll();
                return new DrainReading(base.gauges(offsets, redis, alertDays, topics, written),
                        base.sinkCaughtUp(offsets));
            });
            if (reading == null) {
                stableTicks = 0;   // a server is away: nothing counts as settled until it is back
                last = null;
                Thread.sleep(1_000);
                continue;
            }
            ProgressLine.Gauges g = reading.gauges();
            progress.show("draining", elapsed(t0), g);
            stableTicks = g.equals(last) ? stableTicks + 1 : 0;
            last = g;
            boolean sinkCaughtUp = reading.sinkCaughtUp();
            long distinctTopicAlerts = topics.alertMembers().keySet().stream()
                    .filter(m -> m.length() >= 14 && alertDays.contains(m.substring(m.length() - 14, m.length() - 6)))
                    .count();
            // Set-aside records count too: a held record is decided when its car's next record comes, or after the
            // car's silence for the grace.
            boolean alertsComplete = g.alerts() == expectedAlerts && distinctTopicAlerts == expectedAlerts
                    && topics.setAside() == expectedSetAside;
            boolean waitedForWindows = System.nanoTime() - doneAt >= s.closeWait().toNanos();
            if (sinkCaughtUp && stableTicks >= 3 && (alertsComplete || waitedForWindows && stableTicks >= 5)) {
                return true;
            }
            Thread.sleep(1_000);
        }
        return false;
    }

    /** One drain tick's look at the servers. */
    private record DrainReading(ProgressLine.Gauges gauges, boolean sinkCaughtUp) { }

    private String lastUnreachable;

    /**
     * One read of the servers for the progress line, or null while one of them is unreachable: the run rides out an
     * outage (the reliability suite stops servers on purpose) and says so once per distinct reason.
     */
    private <T> T whileReachable(PrintWriter out, ProgressLine progress, Supplier<T> read) {
        try {
            T value = read.get();
            if (lastUnreachable != null) {
                progress.finish();
                out.println("reachable again after: " + lastUnreachable);
                out.flush();
                lastUnreachable = null;
            }
            return value;
        } catch (CliException | KafkaException e) {
            String reason = String.valueOf(e.getMessage());
            if (!reason.equals(lastUnreachable)) {
                progress.finish();
                out.println("unreachable, retrying every second: " + reason);
                out.flush();
                lastUnreachable = reason;
            }
            return null;
        }
    }

    /** Gets each sampled line's row and compares the line rebuilt from its cells with the line in the file. */
    private static int compareSamples(Table table, LogTable layout, LineTally tally, List<String> mismatches)
            throws IOException {
        List<byte[]> keys = new ArrayList<>();
        for (LineTally.Sample s : tally.samples()) {
            keys.add(RowKey.bytes(s.dateText(), s.carNumber()));
        }
        Map<String, Result> rows = new HashMap<>();
        for (Result r : KeyedGets.fetch(table, keys, null, 0)) {
            rows.put(new String(r.getRow(), java.nio.charset.StandardCharsets.US_ASCII), r);
        }
        for (LineTally.Sample s : tally.samples()) {
            String key = RowKey.of(s.dateText(), s.carNumber());
            Result row = rows.get(key);
            String line = row == null ? null : layout.line(row);
            if (row == null) {
                mismatches.add(layout.nameAsString() + " has no row " + key);
            } else if (!s.line().equals(line) || row.size() != layout.qualifiers().size()) {
                mismatches.add(layout.nameAsString() + " row " + key + " holds '" + line + "' (" + row.size()
                        + " cells), the file '" + s.line() + "'");
            }
        }
        return tally.samples().size();
    }

    private void printSummary(PrintWriter out, String dayText, long seedValue, Settings s, LineTally status,
                              LineTally driving, List<Check> checks, long seconds) {
        out.println();
        out.printf(Locale.ROOT, "Pilot summary: day %s, %d cars, drivers %s at %d ms, seed %d, %d:%02d elapsed%n",
                dayText, cars, DurationText.format(s.duration()), paceMs, seedValue, seconds / 60, seconds % 60);
        out.printf(Locale.ROOT, "  lines written: status %,d (%,d valid, %,d invalid), driving %,d (%,d valid, %,d invalid)%n",
                status.lines(), status.valid(), status.invalid(), driving.lines(), driving.valid(), driving.invalid());
        out.println("  driving lines set aside by the windows (smartcar.setaside): " + (setAsideSeen.isEmpty() ? "none"
                : setAsideSeen.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                        .collect(java.util.stream.Collectors.joining(", "))));
        int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(10);
        out.printf(Locale.ROOT, "  %-4s  %-" + width + "s  %14s  %s%n", "", "check", "expected", "actual");
        for (Check c : checks) {
            out.printf(Locale.ROOT, "  %-4s  %-" + width + "s  %14s  %s%n", c.mark(), c.name(), c.expected(), c.actual());
        }
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? "VERDICT: PASS (" + checks.size() + " checks)"
                : "  " + failed + " of " + checks.size() + " checks failed");
        out.flush();
    }

    private static void printSuccess(PrintWriter out, AlertStore redis, String dayText, Set<String> alertDays,
                                     LineTally driving) {
        out.println();
        for (String d : alertDays) {
            Set<String> members = redis.members(d);
            out.println(AlertTable.title(d, members.size(), redis.timeToLive(d)));
            redis.details(members).forEach(a -> out.println("  " + AlertTable.row(a)));
        }
        String someCar = driving.samples().isEmpty() ? "N0036" : driving.samples().get(0).carNumber();
        out.println();
        out.println("Look around (the stack stays up):");
        out.println("  bin/smartcar alerts --date " + dayText + "            # the day's alerts (--follow for new ones)");
        out.println("  bin/smartcar driving --car " + someCar + " --from " + dayText + "000000 --to " + dayText
                + "235959");
        out.println("  bin/smartcar status --car " + someCar + " --date " + dayText);
        out.println("  make status                                     # components, topics, tables, alert keys");
        out.println("Stop the stack: make down   (keeps the data; `make clean` deletes it)");
        out.flush();
    }

    private static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000_000L;
    }

    /** Offsets when the run began, so the progress line shows this run's numbers only. */
    record Baseline(String sinkGroup, long raw, long valid, long sink) {

        static Baseline take(PipelineOffsets o, String sinkGroup) {
            return new Baseline(sinkGroup, o.endOffsetSum(STATUS_RAW) + o.endOffsetSum(DRIVING_RAW),
                    o.endOffsetSum(STATUS) + o.endOffsetSum(DRIVING),
                    o.committedSum(sinkGroup, STATUS) + o.committedSum(sinkGroup, DRIVING));
        }

        ProgressLine.Gauges gauges(PipelineOffsets o, AlertStore redis, String day, PilotTopics topics, long written) {
            return gauges(o, redis, Set.of(day), topics, written);
        }

        ProgressLine.Gauges gauges(PipelineOffsets o, AlertStore redis, Set<String> days, PilotTopics topics,
                                   long written) {
            long alerts = 0;
            for (String d : days) {
                alerts += redis.count(d);
            }
            return new ProgressLine.Gauges(written,
                    o.endOffsetSum(STATUS_RAW) + o.endOffsetSum(DRIVING_RAW) - raw,
                    o.endOffsetSum(STATUS) + o.endOffsetSum(DRIVING) - valid,
                    topics.rejected(),
                    o.committedSum(sinkGroup, STATUS) + o.committedSum(sinkGroup, DRIVING) - sink,
                    alerts);
        }

        /**
         * The sink has consumed everything: per partition, its committed offset is at the end or one short (a
         * transaction's commit marker takes an offset that no record fills).
         */
        boolean sinkCaughtUp(PipelineOffsets o) {
            for (String topic : List.of(STATUS, DRIVING)) {
                long end = o.endOffsetSum(topic);
                long committed = o.committedSum(sinkGroup, topic);
                if (end - committed > o.partitions(topic).size()) {
                    return false;
                }
            }
            return true;
        }
    }
}
