package dev.smartcar.cli.replay;

import dev.smartcar.cli.CliException;
import dev.smartcar.cli.ProjectHome;
import dev.smartcar.cli.pilot.LineFeed;
import dev.smartcar.cli.pilot.LineTally;
import dev.smartcar.schemas.log.LogTimestamp;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replay FILE}: feeds an existing log (for example one the original generator wrote) through the pipeline
 * by the same doors live data takes: a status day file is dropped into the spool directory atomically, a driving
 * log is appended, whole lines at a time, to the file the tail source follows.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Feed an existing log file through the pipeline.",
                "A status day file (SmartCarStatusInfo_*.txt, or starting with its header) is copied into the spool",
                "directory under a temporary name and renamed into place; a driving log is appended, whole lines",
                "at a time, to the tailed driving log, so the tail source collects it like live data."})
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "the log file to replay")
    Path file;

    @Option(names = "--kind", defaultValue = "AUTO", paramLabel = "KIND",
            description = "auto (default: from the name, else the first line), status or driving")
    LogKind kind;

    @Option(names = "--spool-dir", paramLabel = "DIR", defaultValue = "${env:SMARTCAR_SPOOL_DIR:-}",
            description = "the spool-dir source's directory (env SMARTCAR_SPOOL_DIR; default "
                    + ".stack/dev/data/spool/incoming)")
    String spoolDir;

    @Option(names = "--driving-log", paramLabel = "FILE", defaultValue = "${env:SMARTCAR_DRIVING_LOG:-}",
            description = "the tailed driving log (env SMARTCAR_DRIVING_LOG; default"
                    + " .stack/dev/data/driving/SmartCarDriverInfo.log)")
    String drivingLog;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliException.usage("FILE " + file + " is not a readable file");
        }
        LogKind k = kind == LogKind.AUTO ? LogKind.detect(file) : kind;
        PrintWriter out = spec.commandLine().getOut();
        LineTally tally = new LineTally(k == LogKind.STATUS ? LineTally.Kind.STATUS : LineTally.Kind.DRIVING,
                LogTimestamp.defaultZone(), null, 1);
        LineFeed.readAll(file, tally);
        String counts = String.format(Locale.ROOT, "%,d lines (%,d valid, %,d invalid%s)", tally.lines(), tally.valid(),
                tally.invalid(), tally.rejectedByReason().isEmpty() ? "" : ": " + tally.rejectedByReason());
        Path stack = ProjectHome.path().resolve(".stack/dev/data");
        if (k == LogKind.STATUS) {
            Path dir = orDefault(spoolDir, stack.resolve("spool/incoming"));
            Path target = SpoolDrop.copyInto(file, dir);
            out.println("replay: " + counts + " of status day " + file.getFileName() + " dropped into " + target
                    + "; the spool-dir source collects it");
        } else {
            Path log = orDefault(drivingLog, stack.resolve("driving/SmartCarDriverInfo.log"));
            long bytes = DrivingAppend.append(file, log);
            out.println("replay: " + counts + " (" + bytes + " bytes) of " + file.getFileName() + " appended to "
                    + log + "; the tail source collects them");
        }
        out.flush();
        return CliException.OK;
    }

    private static Path orDefault(String option, Path fallback) {
        return option == null || option.isBlank() ? fallback : Path.of(option).toAbsolutePath();
    }
}
