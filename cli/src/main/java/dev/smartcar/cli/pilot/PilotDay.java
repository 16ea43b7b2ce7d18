package dev.smartcar.cli.pilot;

import dev.smartcar.cli.CliException;
import dev.smartcar.cli.LogTime;
import dev.smartcar.cli.hbase.DayRows;
import dev.smartcar.cli.redis.AlertStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.hbase.client.Table;

/**
 * The simulated day a run writes: one no earlier run touched, so the checks can compare this run's files with the
 * whole day in HBase and Redis. A day is taken when it has pilot files, a Redis set, or a row at 00:00:00 in either
 * table (every simulated car writes one).
 */
final class PilotDay {

    static final LocalDate FIRST_DAY = LocalDate.of(2020, 3, 22);

    private final Path workDir;
    private final Table driving;
    private final Table status;
    private final AlertStore redis;

    PilotDay(Path workDir, Table driving, Table status, AlertStore redis) {
        this.workDir = workDir;
        this.driving = driving;
        this.status = status;
        this.redis = redis;
    }

    /** {@code --date} when given and free, else the first free day from {@link #FIRST_DAY} on. */
    LocalDate choose(String date) throws IOException {
        if (date != null) {
            LocalDate d = new LogTime().day(date, "--date");
            String used = usedBy(d);
            if (used != null) {
                throw CliException.usage("--date " + date + " already holds data of an earlier run (" + used
                        + "); choose another day or leave --date out to take the next free one");
            }
            return d;
        }
        for (LocalDate d = FIRST_DAY; d.isBefore(FIRST_DAY.plusYears(30)); d = d.plusDays(1)) {
            if (usedBy(d) == null) {
                return d;
            }
        }
        throw CliException.failed("no free simulated day in 30 years from " + FIRST_DAY + "; give --date");
    }

    /** Why the day is taken, or null when it is free. */
    String usedBy(LocalDate d) throws IOException {
        String text = LogTime.format(d);
        if (Files.exists(workDir.resolve(text))) {
            return "pilot files in " + workDir.resolve(text);
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
}
