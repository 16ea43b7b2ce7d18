package dev.smartcar.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code status}: one simulated day of the car status log into a spool directory (docs/pilot.md §1.1). */
final class StatusCommand implements Command {

    private static final List<Arguments.Option> OPTIONS = List.of(
            new Arguments.Option("--date", "yyyyMMdd", "the simulated day (required), e.g. 20200322"),
            new Arguments.Option("--cars", "N", "number of cars, 1-9999 (default 100)"),
            new Arguments.Option("--out", "DIR", "directory for SmartCarStatusInfo_<date>.txt (required; created if missing)"),
            new Arguments.Option("--step-seconds", "S", "simulated seconds between a car's records (default 4, the original's; 3 = the book's)"),
            new Arguments.Option("--seed", "X", "random seed: same seed, same bytes (default: random, printed in the summary)"),
            new Arguments.Option("--overwrite", null, "replace the day's file if it is already there (default: refuse)"),
            new Arguments.Option("--help", null, "show this help"));

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "write one simulated day of car status lines into a spool directory";
    }

    @Override
    public List<Arguments.Option> options() {
        return OPTIONS;
    }

    @Override
    public String help() {
        return Command.help("smartcar-simulator status --date yyyyMMdd --cars N --out DIR [options]",
                "Writes DIR/SmartCarStatusInfo_<date>.txt: per car a header line, then one record per step from\n"
                        + "000000 and a last record stamped 240000, all cars interleaved. The file is written under a\n"
                        + "hidden temporary name and renamed into place when complete.",
                OPTIONS);
    }

    @Override
    public int run(Arguments args, PrintStream out, PrintStream err, boolean terminal)
            throws UsageException, IOException {
        SimulatedDay day = args.date("--date");
        int cars = args.intValue("--cars", 1, CarNumber.MAX_CARS, 100);
        Path dir = args.path("--out", "a directory");
        int step = args.intValue("--step-seconds", 1, SimulatedDay.SECONDS_PER_DAY, 4);
        long seed = args.longValue("--seed", Long.MIN_VALUE, Long.MAX_VALUE, Seeds.random());
        boolean overwrite = args.has("--overwrite");

        StatusDayWriter writer = new StatusDayWriter(day, cars, step, seed);
        Progress progress = new Progress(err, "status", terminal, Progress.DEFAULT_INTERVAL_NANOS);
        long start = System.nanoTime();
        StatusDayWriter.Totals totals = StatusDayFile.publish(dir, day, overwrite, writer, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish();
        out.println(String.format(Locale.ROOT,
                "status: file=%s lines=%d records=%d headers=%d bytes=%d seconds=%.2f seed=%d",
                dir.resolve(StatusDayFile.fileName(day)), totals.records() + totals.headers(), totals.records(),
                totals.headers(), totals.bytes(), seconds, seed));
        return 0;
    }
}
