package dev.smartcar.cli;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.cli.hbase.HBaseStore;
import dev.smartcar.cli.hbase.LogTable;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.ParseResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code status --car CAR --date yyyyMMdd}: the car's status records of the day from {@code SmartCarStatusInfo},
 * then the original's daily device checks with pass/fail and their numbers.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"A car's status records of a day from HBase, and the daily device checks.",
                "Reads SmartCarStatusInfo, then checks as the original did: a tyre average < 80, a lamp fault (2),",
                "engine C, brake C, a battery average < 30."})
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    HBaseOptions hbaseOptions;

    @Option(names = "--car", required = true, paramLabel = "CAR", description = "car number, e.g. B0001")
    String car;

    @Option(names = "--date", required = true, paramLabel = "yyyyMMdd", description = "the day, e.g. 20200322")
    String date;

    @Option(names = "--records", defaultValue = "20", paramLabel = "N",
            description = "print the first N and last N records of the day, 0 = only the checks, -1 = all"
                    + " (default ${DEFAULT-VALUE})")
    int records;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String carNumber = CarNumber.require(car, "--car");
        LocalDate day = new LogTime().day(date, "--date");
        PrintWriter out = spec.commandLine().getOut();
        CarStatusParser parser = new CarStatusParser();
        List<CarStatus> statuses = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int unreadable = 0;
        long start = System.nanoTime();
        try (HBaseStore hbase = HBaseStore.open(hbaseOptions.zookeeper());
             Table table = hbase.table(LogTable.STATUS)) {
            for (Result row : StatusDay.fetch(table, day, carNumber)) {
                String line = LogTable.STATUS.line(row);
                ParseResult<CarStatus> parsed = line == null ? null : parser.parse(line);
                if (parsed == null || !parsed.isValid()) {
                    unreadable++;
                    out.println("row " + Bytes.toString(row.getRow()) + " is not a valid status record: "
                            + (parsed == null ? "missing " + LogTable.STATUS.missing(row) : parsed.rejection()));
                    continue;
                }
                statuses.add(parsed.record());
                lines.add(line);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String dayText = LogTime.format(day);
        out.printf(Locale.ROOT, "Status of %s on %s (HBase %s): %d records (%.2f s)%n", carNumber, dayText,
                LogTable.STATUS.nameAsString(), statuses.size(), seconds);
        printRecords(out, lines);
        if (statuses.isEmpty()) {
            out.println("No status records: no device checks. (Is the day's file loaded? `bin/smartcar replay FILE`)");
            out.flush();
            return unreadable == 0 ? CliException.OK : CliException.FAILED;
        }
        out.println();
        out.println("Daily device checks (docs/pilot.md §4):");
        List<Check> checks = DeviceChecks.of(statuses);
        for (Check c : checks) {
            out.printf(Locale.ROOT, "  %-4s %-24s expected %-12s actual %s%n", c.mark(), c.name(), c.expected(),
                    c.actual());
        }
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? "All devices of " + carNumber + " passed on " + dayText + "."
                : failed + " device check(s) of " + carNumber + " failed on " + dayText + ".");
        out.flush();
        // A failed device check is a finding about the car, not a failure of the tool.
        return unreadable == 0 ? CliException.OK : CliException.FAILED;
    }

    private void printRecords(PrintWriter out, List<String> lines) {
        if (records == 0 || lines.isEmpty()) {
            return;
        }
        out.println("reg_date,car_number,tire_fl,tire_fr,tire_bl,tire_br,light_fl,light_fr,light_bl,light_br,"
                + "engine,break,battery");
        if (records < 0 || lines.size() <= 2L * records) {
            lines.forEach(out::println);
            return;
        }
        lines.subList(0, records).forEach(out::println);
        out.println("... " + (lines.size() - 2 * records) + " more (--records -1 prints all) ...");
        lines.subList(lines.size() - records, lines.size()).forEach(out::println);
    }
}
