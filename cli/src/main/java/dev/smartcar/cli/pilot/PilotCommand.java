package dev.smartcar.cli.pilot;

import dev.smartcar.cli.Check;
import dev.smartcar.cli.CliException;
import dev.smartcar.cli.DurationText;
import dev.smartcar.cli.HBaseOptions;
import dev.smartcar.cli.KafkaOptions;
import dev.smartcar.cli.LogTime;
import dev.smartcar.cli.ProjectHome;
import dev.smartcar.cli.RedisOptions;
import dev.smartcar.cli.hbase.HBaseStore;
import dev.smartcar.cli.hbase.LogTable;
import dev.smartcar.cli.redis.AlertStore;
import dev.smartcar.cli.redis.DetailKey;
import dev.smartcar.schemas.contract.Fleet;
import dev.smartcar.schemas.contract.Topics;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pilot}: the scenario behind {@code make run}, on a stack that is up, deployed and running the streams
 * app. Writes one simulated status day for {@code --status-cars} cars into the spool directory and {@code --cars}
 * drivers into the tailed driving log at the original's pace, shows one live progress line, waits for the
 * pipeline to drain, then checks the result against an independent recount of the files and prints a verdict.
 */
@Command(name = "pilot", mixinStandardHelpOptions = true,
        description = {"Run the pilot scenario end to end and check the result (what `make run` runs).",
                "Writes a status day and a paced driving log, shows live progress, waits for the pipeline to",
                "drain, and checks: every valid line in HBase exactly once, every rejected line accounted for by",
                "reason, the alerts in Redis and on smartcar.overspeed equal to an independent recomputation, and",
                "every valid driving line in a window or set aside on smartcar.setaside, by reason, as recomputed."})
public final class PilotCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;
    @Mixin
    HBaseOptions hbaseOptions;
    @Mixin
    RedisOptions redisOptions;

    @Option(names = "--duration", defaultValue = "3m", paramLabel = "D",
            description = "how long the drivers write, e.g. 90s, 3m, 1h (default ${DEFAULT-VALUE})")
    String duration;

    /** The most cars one run can have, as the simulator numbers them (checked before any server is asked). */
    static final int MAX_CARS = Fleet.MAX_CARS;

    @Option(names = "--cars", defaultValue = "100", paramLabel = "N", description =
            "drivers, and cars of the status day unless --status-cars says otherwise, 1-" + MAX_CARS
                    + " (default ${DEFAULT-VALUE})")
    int cars;

    @Option(names = "--status-cars", paramLabel = "N", description = "cars of the status day, 1 to --cars (default:"
            + " as many as --cars); a day is 21,601 lines and about 1 MB per car, so a large driving fleet can come"
            + " with a small status day")
    Integer statusCars;

    /** From this many drivers the status day is capped unless --status-quota says otherwise (#26). */
    static final int STATUS_QUOTA_FROM_CARS = 5_000;
    /** The default cap, bytes a second: the 100-car day (~73 MB on the raw topic) in about three minutes. */
    static final long STATUS_QUOTA_BYTES = 400 * 1024;

    @Option(names = "--status-quota", paramLabel = "BYTES", description = "cap the status day's collection at BYTES"
            + " a second for the run (a Kafka quota on the spool source's producer), so that on a host the day shares"
            + " with many drivers it leaves their alerts the cores; 0: no cap (default: " + STATUS_QUOTA_BYTES
            + " from " + STATUS_QUOTA_FROM_CARS + " cars on, else 0)")
    Long statusQuota;

    @Option(names = "--pace-ms", defaultValue = "100", paramLabel = "MS",
            description = "each driver's pause between lines; 100 = the original (about 10 lines/s per car),"
                    + " smaller = faster than real time (default ${DEFAULT-VALUE})")
    long paceMs;

    @Option(names = "--date", paramLabel = "yyyyMMdd",
            description = "the simulated day (default: the first day from 20200322 on with no data yet)")
    String date;

    @Option(names = "--seed", paramLabel = "N", description =
            "random seed of both simulators (default: random, printed)")
    Long seed;

    @Option(names = "--garbage-rate", defaultValue = "0", paramLabel = "R",
            description = "share of extra bad driving lines, 0-1 (default ${DEFAULT-VALUE}: only the original's "
                    + "headers)")
    double garbageRate;

    @Option(names = "--rotate-bytes", defaultValue = "0", paramLabel = "B",
            description = "rotate the driving log before it grows past B bytes, as logrotate would (default"
                    + " ${DEFAULT-VALUE}: never); the check then reads the simulator's unrotated copy of the run")
    long rotateBytes;

    @Option(names = "--rotate-mode", defaultValue = "rename", paramLabel = "MODE",
            description = "how the driving log rotates: rename (FILE -> FILE.1, new FILE) or copytruncate"
                    + " (default ${DEFAULT-VALUE})")
    String rotateMode;

    @Option(names = "--rotate-compress", description = "gzip each rotated driving log FILE.1 into FILE.1.gz and remove"
            + " it, as logrotate's compress does")
    boolean rotateCompress;

    @Option(names = "--compress-delay-ms", defaultValue = "0", paramLabel = "MS",
            description = "with --rotate-compress: wait between a rotation and its gzip, 0-600000 (default"
                    + " ${DEFAULT-VALUE})")
    long compressDelayMs;

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
            description = "the spool-dir source's directory (env SMARTCAR_SPOOL_DIR; default "
                    + ".stack/dev/data/spool/incoming)")
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

    @Option(names = "--app-url", paramLabel = "URL", defaultValue = "${env:SMARTCAR_APP_URL:-http://127.0.0.1:8090}",
            description = "the streams app's HTTP endpoint, whose / is the dashboard the summary points to (env"
                    + " SMARTCAR_APP_URL; default ${DEFAULT-VALUE})")
    String appUrl;

    @Option(names = "--timeline", paramLabel = "FILE",
            description = "write every progress sample to FILE as CSV (seconds from the start, collected, valid,"
                    + " alerts, drivers writing 1/0): the reliability suite times a fault's pause from it")
    Path timeline;

    @Option(names = "--all-alerts", description = "list every alert of the run in the summary (default: each day's"
            + " total and its " + PilotSummary.TOP_ALERTS + " highest averages)")
    boolean allAlerts;

    @Spec
    CommandSpec spec;

    /** The simulators started, stopped when the run ends or the JVM is stopped. */
    private final List<SimulatorRun> children = new ArrayList<>();

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
             AlertStore redis = AlertStore.open(redisOptions.address(), redisOptions.user(),
                     redisOptions.passwordFile(), DetailKey.defaults())) {
            for (String topic : List.of(Topics.STATUS_RAW, Topics.DRIVING_RAW, Topics.STATUS, Topics.DRIVING,
                    Topics.REJECTED, Topics.OVERSPEED, Topics.SETASIDE)) {
                offsets.partitions(topic);
            }
            Servers servers = new Servers(offsets, drivingTable, statusTable, redis);
            PilotDay days = new PilotDay(s.workDir(), drivingTable, statusTable, redis);
            LocalDate day = days.choose(date);
            WrongClockDays wrongClockDays = wrongClock ? WrongClockDays.choose(day, days::usedBy) : null;
            long seedValue = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            return run(s, servers, day, seedValue, wrongClockDays, time, out);
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
    record Settings(int cars, int statusCars, long paceMs, double garbageRate, long rotateBytes, String rotateMode,
                    boolean rotateCompress, long compressDelayMs, Duration duration,
                    Duration closeWait, Duration drainTimeout, Path spoolDir, Path drivingLog, Path workDir,
                    Path simulatorJar, String dashboard, long statusQuotaBytes) { }

    /** The servers a run reads, open for its length. */
    private record Servers(PipelineOffsets offsets, Table drivingTable, Table statusTable, AlertStore redis) { }

    Settings settings(LogTime time) {
        Duration d = DurationText.parse(duration, "--duration");
        if (d.isZero()) {
            throw CliException.usage("--duration must be more than 0, e.g. 3m");
        }
        if (cars < 1 || cars > MAX_CARS) {
            throw CliException.usage("--cars " + cars + " is out of range; expected 1-" + MAX_CARS);
        }
        int statusFleet = statusCars == null ? cars : statusCars;
        if (statusFleet < 1 || statusFleet > cars) {
            throw CliException.usage("--status-cars " + statusFleet + " is out of range; expected 1-" + cars
                    + " (1 to --cars)");
        }
        long quota = statusQuota != null ? statusQuota : cars >= STATUS_QUOTA_FROM_CARS ? STATUS_QUOTA_BYTES : 0;
        if (quota != 0 && (quota < 1024 || quota > 1L << 40)) {
            throw CliException.usage("--status-quota " + quota + " is out of range; expected 0 (no cap) or 1024-"
                    + (1L << 40) + " bytes a second");
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
        if (compressDelayMs < 0 || compressDelayMs > 600_000) {
            throw CliException.usage("--compress-delay-ms " + compressDelayMs + " is out of range; expected 0-600000");
        }
        if (rotateCompress && rotateBytes == 0) {
            throw CliException.usage("--rotate-compress needs --rotate-bytes B");
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
        if (appUrl == null || !(appUrl.startsWith("http://") || appUrl.startsWith("https://"))) {
            throw CliException.usage("--app-url '" + appUrl + "' is not a URL; expected e.g. http://127.0.0.1:8090");
        }
        Path home = ProjectHome.path();
        String stackHomeEnv = System.getenv("SMARTCAR_STACK_HOME");
        Path stackHome = stackHomeEnv == null || stackHomeEnv.isBlank() ? home.resolve(".stack/dev")
                : Path.of(stackHomeEnv);
        return new Settings(cars, statusFleet, paceMs, garbageRate, rotateBytes, rotateMode, rotateCompress,
                compressDelayMs, d,
                DurationText.parse(closeWait, "--close-wait"), DurationText.parse(drainTimeout, "--drain-timeout"),
                orDefault(spoolDir, stackHome.resolve("data/spool/incoming")),
                orDefault(drivingLog, stackHome.resolve("data/driving/SmartCarDriverInfo.log")),
                orDefault(workDir, stackHome.resolve("data/pilot")),
                orDefault(simulatorJar, home.resolve("simulator/target/smartcar-simulator.jar")),
                appUrl.endsWith("/") ? appUrl : appUrl + "/", quota);
    }

    private static Path orDefault(String option, Path fallback) {
        return option == null || option.isBlank() ? fallback : Path.of(option).toAbsolutePath();
    }

    /** The run: writers, drain, checks, summary. */
    private int run(Settings s, Servers servers, LocalDate day, long seed, WrongClockDays wrongClockDays, LogTime time,
                    PrintWriter out) throws Exception {
        String dayText = LogTime.format(day);
        PilotWriters writers = new PilotWriters(s, dayText, seed, children);
        Map<TopicPartition, Long> start = new HashMap<>(servers.offsets().endOffsets(Topics.REJECTED));
        start.putAll(servers.offsets().endOffsets(Topics.OVERSPEED));
        start.putAll(servers.offsets().endOffsets(Topics.SETASIDE));
        Set<String> raw = Set.of(Topics.STATUS_RAW, Topics.DRIVING_RAW);
        Set<String> valid = Set.of(Topics.STATUS, Topics.DRIVING);
        for (Set<String> counted : List.of(raw, valid)) {
            counted.forEach(topic -> start.putAll(servers.offsets().endOffsets(topic)));
        }
        PilotGauges gauges = PilotGauges.take(servers.offsets(), servers.redis(), sinkGroup);
        writers.printPlan(out);

        // The app's rule with the app's settings: windows per car on the car's own clock, lines in file order.
        OverSpeedReference reference = new OverSpeedReference(OverSpeedReference.PILOT_WINDOW_MILLIS,
                OverSpeedReference.PILOT_THRESHOLD, graceMs, clockOutlierMs, clockConfirmRecords);
        AlertDelays delays = new AlertDelays(time.timestamp(), System::currentTimeMillis);
        reference.onAlertClosedByClock(delays::closed);
        LineTally drivingTally = new LineTally(LineTally.Kind.DRIVING, time.timestamp(), reference, seed);
        LineTally statusTally = new LineTally(LineTally.Kind.STATUS, time.timestamp(), null, seed);
        StatusQuota quota = StatusQuota.apply(servers.offsets(), s.statusQuotaBytes(), out);   // before the day drops
        try {
            writers.start(drivingTally);
        } catch (RuntimeException e) {
            quota.close();   // the broker keeps a quota after the run: remove it whatever happens
            throw e;
        }
        ProgressLine progress = new ProgressLine(out, System.console() != null, 5_000_000_000L);
        OutageWatch watch = new OutageWatch(out, progress);
        long t0 = System.nanoTime();
        long t0Wall = System.currentTimeMillis();
        try (gauges; quota; AppGauges app = AppGauges.start(s.dashboard());
             PilotTopics topics = new PilotTopics(kafka.bootstrap(), kafka.registry(), Topics.REJECTED,
                Topics.OVERSPEED, Topics.SETASIDE, raw, valid, start, writers.linesOfThisRun())) {
            // 1. The writers run; the status day goes into the spool directory as soon as it is complete.
            PauseWatch pauses = new PauseWatch(t0, timeline);
            long written = writers.awaitWritten(statusTally, drivingTally, wrongClockDays, topics, gauges, watch,
                    progress, pauses, out, t0);
            long drivenUntil = System.nanoTime();
            long drivenUntilWall = System.currentTimeMillis();

            // 2. Drain: wait until offsets and lag stop moving and the last windows had time to close.
            Set<String> expectedAlerts = new TreeSet<>();
            Set<String> alertDays = new TreeSet<>(List.of(dayText));
            for (OverSpeedReference.Window w : reference.alerts()) {
                expectedAlerts.add(w.carNumber() + "-" + time.timestamp().format(w.windowStart()));
                alertDays.add(time.timestamp().formatDay(w.windowStart()));
            }
            boolean drained = new PilotDrain(gauges, topics, watch, progress, pauses).await(s.closeWait(),
                    s.drainTimeout(), alertDays, expectedAlerts.size(), reference.setAsideTotal(), written, t0);
            progress.finish();
            pauses.print(out);
            delays.measure(servers.redis()::details, PilotSummary.DETAILS_BATCH, t0Wall, drivenUntilWall).print(out);
            gauges.printSinkLag(out, t0, drivenUntil);
            app.print(out, t0, drivenUntil);
            ProgressLine.Gauges after = gauges.read(alertDays, topics, written);
            if (after.collected() == 0 && written > 0) {
                out.println("nothing was collected from the files: are the connectors deployed and the streams app"
                        + " running? (make deploy; make status)");
            }
            if (!drained) {
                out.println("the pipeline did not settle within --drain-timeout " + drainTimeout
                        + "; checking what is there");
            }

            // 3. The checks, against the recount of the files; 4. the summary.
            List<Check> checks = new PilotChecks(servers.drivingTable(), servers.statusTable(), servers.redis(), topics)
                    .run(day, statusTally, drivingTally, reference, expectedAlerts, alertDays, out);
            PilotSummary summary = new PilotSummary(out);
            summary.printTotals(dayText, seed, s, statusTally, drivingTally, topics.setAsideByReason(), checks,
                    elapsed(t0));
            if (!Verdict.passed(checks)) {
                summary.printFailure(dayText);
                return CliException.FAILED;
            }
            summary.printSuccess(servers.redis(), dayText, alertDays, drivingTally, s.dashboard(), allAlerts);
            return CliException.OK;
        }
    }

    static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000_000L;
    }
}
