package dev.smartcar.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code status}: one simulated day of the car status log into a spool directory (docs/pilot.md §1.1). */
@Command(name = "status", header = "write one simulated day of car status lines into a spool directory",
        customSynopsis = "smartcar-simulator status --date yyyyMMdd --cars N --out DIR [options]",
        descriptionHeading = "%n", description = "Writes DIR/SmartCarStatusInfo_<date>.txt: per car a header line,"
                + " then one record per step from 000000 and a last record stamped 240000, all cars interleaved. The"
                + " file is written under a hidden temporary name and renamed into place when complete.",
        optionListHeading = "%nOptions:%n", sortOptions = false)
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private Simulator tool;
    @Spec
    private CommandSpec spec;

    @Mixin
    private FleetDay fleet;
    private Path dir;
    private int stepSeconds = 4;
    private Long seed;

    @Option(names = "--overwrite", order = 6, description =
            "replace the day's file if it is already there (default: refuse)")
    private boolean overwrite;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 7, description = "show this help")
    private boolean help;

    @Option(names = "--out", paramLabel = "DIR", order = 3,
            description = "directory for SmartCarStatusInfo_<date>.txt (required; created if missing)")
    void out(String text) {
        dir = new OptionText(spec).path("--out", text, "a directory");
    }

    @Option(names = "--step-seconds", paramLabel = "S", order = 4,
            description = "simulated seconds between a car's records (default 4, the original's; 3 = the book's)")
    void stepSeconds(String text) {
        stepSeconds = (int) new OptionText(spec).whole("--step-seconds", text, 1, SimulatedDay.SECONDS_PER_DAY);
    }

    @Option(names = "--seed", paramLabel = "X", order = 5,
            description = "random seed: same seed, same bytes (default: random, printed in the summary)")
    void seed(String text) {
        seed = new OptionText(spec).whole("--seed", text, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public Integer call() throws IOException {
        OptionText options = new OptionText(spec);
        if (fleet.day == null) {
            throw options.refused("--date is required (yyyyMMdd, e.g. 20200322)");
        }
        if (dir == null) {
            throw options.refused("--out is required (a directory)");
        }
        long seedValue = seed != null ? seed : Seeds.random();
        StatusDayWriter writer = new StatusDayWriter(fleet.day, fleet.cars, stepSeconds, seedValue);
        Progress progress = new Progress(tool.err, "status", tool.terminal, Progress.DEFAULT_INTERVAL_NANOS);
        long start = System.nanoTime();
        StatusDayWriter.Totals totals = StatusDayFile.publish(dir, fleet.day, overwrite, writer, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish();
        tool.out.println(String.format(Locale.ROOT,
                "status: file=%s lines=%d records=%d headers=%d bytes=%d seconds=%.2f seed=%d",
                dir.resolve(StatusDayFile.fileName(fleet.day)), totals.records() + totals.headers(), totals.records(),
                totals.headers(), totals.bytes(), seconds, seedValue));
        return Simulator.OK;
    }
}
