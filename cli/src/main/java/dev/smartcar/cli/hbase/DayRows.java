package dev.smartcar.cli.hbase;

import dev.smartcar.cli.LogTime;
import dev.smartcar.schemas.log.LogTimestamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.FilterList;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;
import org.apache.hadoop.hbase.filter.KeyOnlyFilter;
import org.apache.hadoop.hbase.filter.MultiRowRangeFilter;
import org.apache.hadoop.hbase.filter.MultiRowRangeFilter.RowRange;
import org.apache.hadoop.hbase.util.Bytes;

/**
 * The rows of one day in either table. Every key of day D starts with {@code reverse(HHmmss) + reverse(D)}, one
 * of 86,401 known 14-character prefixes, and each prefix is a contiguous key range holding that second's rows of
 * every car — so the day is read as many small ranges ({@link MultiRowRangeFilter}, which seeks from one to the
 * next on the server) instead of a scan of the whole table.
 */
public final class DayRows {

    /** Ranges per scan: keeps each request small (a range is two 15-byte keys). */
    static final int RANGES_PER_SCAN = 4_096;

    private DayRows() { }

    /** The 86,401 one-second key ranges of the day, sorted by key. */
    public static List<RowRange> ranges(LocalDate day) {
        List<String> prefixes = new ArrayList<>(86_401);
        byte[] text = new byte[14];
        for (int s = 0; s <= 86_400; s++) {
            LogTimestamp.writeDigits(day.getYear(), day.getMonthValue(), day.getDayOfMonth(),
                    s, text, 0);
            prefixes.add(new StringBuilder(new String(text, StandardCharsets.US_ASCII)).reverse().toString());
        }
        prefixes.sort(null);
        List<RowRange> ranges = new ArrayList<>(prefixes.size());
        for (String p : prefixes) {
            // Keys are prefix + "-" + car; '.' is the character after '-'.
            ranges.add(new RowRange(Bytes.toBytes(p + "-"), true, Bytes.toBytes(p + "."), false));
        }
        return ranges;
    }

    /** Number of rows of the day, reading only the first key of each row. */
    public static long count(Table table, LocalDate day) throws IOException {
        List<RowRange> all = ranges(day);
        long rows = 0;
        for (int from = 0; from < all.size(); from += RANGES_PER_SCAN) {
            List<RowRange> chunk = all.subList(from, Math.min(all.size(), from + RANGES_PER_SCAN));
            Scan scan = new Scan().withStartRow(chunk.get(0).getStartRow())
                    .withStopRow(chunk.get(chunk.size() - 1).getStopRow(), false)
                    .setFilter(new FilterList(FilterList.Operator.MUST_PASS_ALL,
                            new MultiRowRangeFilter(new ArrayList<>(chunk)), new FirstKeyOnlyFilter(),
                                    new KeyOnlyFilter()))
                    .setCaching(5_000).setCacheBlocks(false);
            try (ResultScanner scanner = table.getScanner(scan)) {
                for (Result r : scanner) {
                    rows++;
                }
            }
        }
        return rows;
    }

    /** Whether any car has a row at 00:00:00 of the day: every simulated car writes one, so a used day has them. */
    public static boolean anyAtMidnight(Table table, LocalDate day) throws IOException {
        String prefix = RowKey.of(LogTime.format(day) + "000000", "");
        Scan scan = new Scan().setStartStopRowForPrefixScan(Bytes.toBytes(prefix)).setLimit(1)
                .setFilter(new FilterList(new FirstKeyOnlyFilter(), new KeyOnlyFilter()));
        try (ResultScanner scanner = table.getScanner(scan)) {
            return scanner.next() != null;
        }
    }
}
