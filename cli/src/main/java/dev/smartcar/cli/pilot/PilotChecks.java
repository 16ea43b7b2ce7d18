package dev.smartcar.cli.pilot;

import dev.smartcar.cli.Check;
import dev.smartcar.cli.LogTime;
import dev.smartcar.cli.hbase.DayRows;
import dev.smartcar.cli.hbase.KeyedGets;
import dev.smartcar.cli.hbase.LogTable;
import dev.smartcar.cli.hbase.RowKey;
import dev.smartcar.cli.redis.AlertStore;
import dev.smartcar.schemas.contract.HBaseLayout;
import dev.smartcar.schemas.rule.OverSpeedReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CellUtil;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * What the pipeline made of the run's lines, against the recount of the files: rows of every day in both HBase
 * tables and a sample of them byte for byte, rejected lines by reason, the alerts in Redis and on the topic, and
 * where every valid driving line went (a window, or set aside by reason). {@link Verdict} does the arithmetic.
 */
final class PilotChecks {

    private final Table drivingTable;
    private final Table statusTable;
    private final AlertStore redis;
    private final PilotTopics topics;

    PilotChecks(Table drivingTable, Table statusTable, AlertStore redis, PilotTopics topics) {
        this.drivingTable = drivingTable;
        this.statusTable = statusTable;
        this.redis = redis;
        this.topics = topics;
    }

    List<Check> run(LocalDate day, LineTally statusTally, LineTally drivingTally, OverSpeedReference reference,
                    Set<String> expectedAlerts, Set<String> alertDays, PrintWriter out) throws IOException {
        String dayText = LogTime.format(day);
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
            if (member.length() >= 14 && alertDays.contains(member.substring(member.length() - 14,
                    member.length() - 6))) {
                topicAlerts.put(member, n);
            }
        });
        Verdict.Inputs inputs = new Verdict.Inputs(dayText, drivingDays, drivingTally.distinctRows(), drivingRows,
                statusTally.distinctRows(), statusRows, samples, mismatches, expectedRejects,
                topics.rejectedByReason(), expectedAlerts, redisAlerts, topicAlerts);
        List<Check> checks = new ArrayList<>(Verdict.checks(inputs));
        checks.addAll(Verdict.setAsideChecks(new Verdict.SetAside(drivingTally.valid(), reference.windowedRecords(),
                reference.setAsideByReason(), topics.setAsideByReason())));
        return checks;
    }

    /**
     * Gets each sampled line's row and compares its cells, qualifier and value, with the cells the contract's layout
     * of the table makes of the line in the file (docs/contract.md §HBase: one per field, or the line in one cell).
     */
    private static int compareSamples(Table table, LogTable layout, LineTally tally, List<String> mismatches)
            throws IOException {
        List<byte[]> keys = new ArrayList<>();
        for (LineTally.Sample s : tally.samples()) {
            keys.add(RowKey.bytes(s.dateText(), s.carNumber()));
        }
        Map<String, Result> rows = new HashMap<>();
        for (Result r : KeyedGets.fetch(table, keys, null, 0)) {
            rows.put(new String(r.getRow(), StandardCharsets.US_ASCII), r);
        }
        for (LineTally.Sample s : tally.samples()) {
            String key = RowKey.of(s.dateText(), s.carNumber());
            Result row = rows.get(key);
            if (row == null) {
                mismatches.add(layout.nameAsString() + " has no row " + key);
                continue;
            }
            Map<String, String> cells = new TreeMap<>();
            for (Cell cell : row.rawCells()) {
                String family = Bytes.toString(CellUtil.cloneFamily(cell));
                String qualifier = Bytes.toString(CellUtil.cloneQualifier(cell));
                cells.put(family.equals(HBaseLayout.FAMILY) ? qualifier : family + ":" + qualifier,
                        new String(CellUtil.cloneValue(cell), StandardCharsets.UTF_8));
            }
            Map<String, String> expected = new TreeMap<>(layout.cells(s.line()));
            if (!expected.equals(cells)) {
                mismatches.add(layout.nameAsString() + " row " + key + " holds " + cells + " (" + row.size()
                        + " cells), the file's line '" + s.line() + "' makes " + expected + " ("
                        + layout.layout().name().toLowerCase(Locale.ROOT) + " layout)");
            }
        }
        return tally.samples().size();
    }
}
