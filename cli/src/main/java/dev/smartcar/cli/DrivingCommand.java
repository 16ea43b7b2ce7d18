package dev.smartcar.cli;

import dev.smartcar.cli.hbase.DrivingLookup;
import dev.smartcar.cli.hbase.DrivingQuery;
import dev.smartcar.cli.hbase.HBaseStore;
import dev.smartcar.cli.hbase.LogTable;
import dev.smartcar.schemas.log.DrivingLineParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driving --car CAR [--from --to] [--area] [--limit]}: a car's driving records from {@code DriverCarInfo},
 * found as fast as the original's reversed-timestamp row key allows (see {@link DrivingLookup}).
 */
@Command(name = "driving", mixinStandardHelpOptions = true,
        description = {"A car's driving records from HBase DriverCarInfo, in time order.",
                "With --from/--to (up to 2 days) the rows are fetched by key, one possible key per second;",
                "otherwise the whole table is scanned with server-side filters (the row key starts with the",
                "reversed timestamp, so a car's rows are spread over the whole table)."})
public final class DrivingCommand implements Callable<Integer> {

    private static final Pattern AREA = Pattern.compile("[A-F](0[1-9]|10)");

    @Mixin
    HBaseOptions hbaseOptions;

    @Option(names = "--car", required = true, paramLabel = "CAR", description = "car number, e.g. N0036")
    String car;

    @Option(names = "--from", paramLabel = "yyyyMMddHHmmss", description = "first time, inclusive")
    String from;

    @Option(names = "--to", paramLabel = "yyyyMMddHHmmss", description = "last time, inclusive")
    String to;

    @Option(names = "--area", paramLabel = "AREA", description = "only this area, A01-F10")
    String area;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "stop after N records (default 0 = all). Without --from/--to these are the first N found"
                    + " in key order, not the earliest N")
    int limit;

    @Option(names = "--plan", defaultValue = "AUTO", paramLabel = "PLAN",
            description = "auto (default), keys (point gets, needs --from/--to) or scan (full scan with filters)")
    DrivingLookup.Plan plan;

    @Spec
    CommandSpec spec;

    /** Checks the options and turns them into a query; every message names the option and the expected form. */
    DrivingQuery query(LogTime time) {
        String carNumber = CarNumber.require(car, "--car");
        if ((from == null) != (to == null)) {
            throw CliException.usage("give both --from and --to (yyyyMMddHHmmss), or neither");
        }
        long fromMs = 0;
        long toMs = 0;
        if (from != null) {
            fromMs = time.instant(from, "--from");
            toMs = time.instant(to, "--to");
            if (toMs < fromMs) {
                throw CliException.usage("--to " + to + " is before --from " + from);
            }
        }
        if (area != null && !AREA.matcher(area).matches()) {
            throw CliException.usage("--area '" + area + "' is not an area; expected a letter A-F and 01-10, e.g. C04");
        }
        if (limit < 0) {
            throw CliException.usage("--limit " + limit + " is negative; expected 0 (all) or more");
        }
        DrivingQuery q = new DrivingQuery(carNumber, from, fromMs, to, toMs, area, limit);
        if (plan == DrivingLookup.Plan.KEYS && !q.hasRange()) {
            throw CliException.usage("--plan keys needs --from and --to");
        }
        return q;
    }

    @Override
    public Integer call() throws IOException {
        LogTime time = new LogTime();
        DrivingQuery q = query(time);
        PrintWriter out = spec.commandLine().getOut();
        DrivingLineParser parser = new DrivingLineParser(time.timestamp());
        int bad = 0;
        DrivingLookup.Answer answer;
        try (HBaseStore hbase = HBaseStore.open(hbaseOptions.zookeeper());
             Table table = hbase.table(LogTable.DRIVING)) {
            answer = new DrivingLookup(time.timestamp()).run(table, q, plan);
        }
        out.println("date,car_number,speed_pedal,break_pedal,steer_angle,direct_light,speed,area_number");
        for (Result row : answer.rows()) {
            String line = LogTable.DRIVING.line(row);
            if (line == null || !parser.parse(line).isValid()) {
                bad++;
                out.println("row " + Bytes.toString(row.getRow()) + " is not a valid driving record: "
                        + (line == null ? "missing " + LogTable.DRIVING.missing(row) : parser.parse(line).rejection()));
                continue;
            }
            out.println(line);
        }
        out.printf(Locale.ROOT, "%d records of %s; plan %s: %s rows examined in %.2f s (%.0f rows/s)%n",
                answer.rows().size() - bad, q.car(), answer.plan().name().toLowerCase(Locale.ROOT),
                answer.rowsExamined() < 0 ? "?" : Long.toString(answer.rowsExamined()), answer.nanos() / 1e9,
                answer.rowsExaminedPerSecond());
        if (q.limit() > 0 && answer.rows().size() == q.limit() && answer.plan() == DrivingLookup.Plan.SCAN) {
            out.println("(stopped at --limit " + q.limit() + ": the first found in key order, shown in time order)");
        }
        out.flush();
        return bad == 0 ? CliException.OK : CliException.FAILED;
    }
}
