package dev.smartcar.cli.hbase;

import dev.smartcar.schemas.log.LogTimestamp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.CompareOperator;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.metrics.ScanMetrics;
import org.apache.hadoop.hbase.filter.BinaryComparator;
import org.apache.hadoop.hbase.filter.Filter;
import org.apache.hadoop.hbase.filter.FilterList;
import org.apache.hadoop.hbase.filter.RegexStringComparator;
import org.apache.hadoop.hbase.filter.RowFilter;
import org.apache.hadoop.hbase.filter.SingleColumnValueFilter;

/**
 * Finds a car's rows in {@code DriverCarInfo}. The key starts with the reversed timestamp, so one car's rows are
 * spread over the whole table and no key range holds them. Two plans, both filtering on the server:
 * <ul>
 *   <li>{@link Plan#KEYS}: with a time range, every second of it gives one possible key
 *       ({@code reverse(yyyyMMddHHmmss)-CAR}), fetched by batched point gets — cost grows with the range, not
 *       with the table;</li>
 *   <li>{@link Plan#SCAN}: a full scan with a row filter on the key suffix {@code -CAR} and column value filters
 *       for the range and area — cost grows with the table.</li>
 * </ul>
 * {@link Plan#AUTO} takes the keys plan for ranges up to {@link #MAX_KEY_SECONDS}.
 */
public final class DrivingLookup {

    public enum Plan { AUTO, KEYS, SCAN }

    /** Two days of seconds: 172,800 point gets, which beat a scan of a table of a few million rows. */
    public static final long MAX_KEY_SECONDS = 2 * 86_400;
    static final int SCAN_CACHING = 1_000;

    /** The rows found, the plan used, how many rows the server examined, and how long it took. */
    public record Answer(List<Result> rows, Plan plan, long rowsExamined, long nanos) {
        public double rowsExaminedPerSecond() {
            return nanos == 0 ? 0 : rowsExamined / (nanos / 1e9);
        }
    }

    private final LogTimestamp time;

    public DrivingLookup(LogTimestamp time) {
        this.time = time;
    }

    public static Plan choose(DrivingQuery q, Plan requested) {
        if (requested == Plan.KEYS && !q.hasRange()) {
            throw new IllegalArgumentException("the keys plan needs --from and --to");
        }
        if (requested != Plan.AUTO) {
            return requested;
        }
        return q.hasRange() && q.rangeSeconds() <= MAX_KEY_SECONDS ? Plan.KEYS : Plan.SCAN;
    }

    public Answer run(Table table, DrivingQuery q, Plan requested) throws IOException {
        Plan plan = choose(q, requested);
        long start = System.nanoTime();
        if (plan == Plan.KEYS) {
            List<byte[]> keys = keys(q);
            List<Result> rows = KeyedGets.fetch(table, keys, areaFilter(q), q.limit());
            return new Answer(rows, plan, keys.size(), System.nanoTime() - start);
        }
        List<Result> rows = new ArrayList<>();
        long examined;
        try (ResultScanner scanner = table.getScanner(scan(q))) {
            for (Result r : scanner) {
                rows.add(r);
            }
            ScanMetrics metrics = scanner.getScanMetrics();
            examined = metrics == null ? -1 : metrics.countOfRowsScanned.get();
        }
        // Key order is not time order: the log's own timestamp text is.
        rows.sort((a, b) -> compareDate(a, b));
        return new Answer(rows, plan, examined, System.nanoTime() - start);
    }

    /**
     * Every key the car can have in the range, in time order: one per second, plus the hour-24 spelling
     * {@code yyyyMMdd240000} of each midnight (the original's last record of a day), just before that midnight.
     */
    public List<byte[]> keys(DrivingQuery q) {
        List<byte[]> keys = new ArrayList<>((int) Math.min(q.rangeSeconds() + 4, Integer.MAX_VALUE));
        long first = Math.floorDiv(q.fromMillis(), 1000);
        long last = Math.floorDiv(q.toMillis(), 1000);
        for (long s = first; s <= last; s++) {
            String text = time.format(s * 1000);
            if (text.endsWith("000000")) {
                keys.add(RowKey.bytes(time.formatDay(s * 1000 - 86_400_000L) + "240000", q.car()));
            }
            keys.add(RowKey.bytes(text, q.car()));
        }
        return keys;
    }

    /** The full-scan plan: only cf1, server-side filters, big caching, no block cache churn, stop at the limit. */
    public Scan scan(DrivingQuery q) {
        FilterList filters = new FilterList(FilterList.Operator.MUST_PASS_ALL);
        // First: decided from the key alone, before any cell of a foreign car's row is read.
        filters.addFilter(new RowFilter(CompareOperator.EQUAL, new RegexStringComparator("-" + q.car() + "$")));
        if (q.fromText() != null) {
            filters.addFilter(dateBound(CompareOperator.GREATER_OR_EQUAL, lowerBound(q.fromText())));
        }
        if (q.toText() != null) {
            filters.addFilter(dateBound(CompareOperator.LESS_OR_EQUAL, q.toText()));
        }
        Filter area = areaFilter(q);
        if (area != null) {
            filters.addFilter(area);
        }
        Scan scan = new Scan().addFamily(LogTable.FAMILY).setFilter(filters).setCacheBlocks(false)
                .setScanMetricsEnabled(true);
        scan.setCaching(q.limit() > 0 ? Math.min(q.limit(), SCAN_CACHING) : SCAN_CACHING);
        if (q.limit() > 0) {
            scan.setLimit(q.limit());
        }
        return scan;
    }

    /**
     * The texts compare in time order except the hour-24 spelling: {@code D240000} is the same instant as
     * {@code D+1 000000} but sorts before it, so a range starting at a midnight starts at the previous day's 240000.
     */
    String lowerBound(String fromText) {
        if (fromText.endsWith("000000")) {
            long ms = time.toEpochMillis(fromText);
            return time.formatDay(ms - 86_400_000L) + "240000";
        }
        return fromText;
    }

    private static Filter dateBound(CompareOperator op, String text) {
        SingleColumnValueFilter f = new SingleColumnValueFilter(LogTable.FAMILY, LogTable.DRIVING.qualifier("date"),
                op, new BinaryComparator(text.getBytes(StandardCharsets.US_ASCII)));
        f.setFilterIfMissing(true);
        return f;
    }

    static Filter areaFilter(DrivingQuery q) {
        if (q.area() == null) {
            return null;
        }
        SingleColumnValueFilter f = new SingleColumnValueFilter(LogTable.FAMILY,
                LogTable.DRIVING.qualifier("area_number"), CompareOperator.EQUAL,
                new BinaryComparator(q.area().getBytes(StandardCharsets.US_ASCII)));
        f.setFilterIfMissing(true);
        return f;
    }

    private static int compareDate(Result a, Result b) {
        byte[] qa = a.getValue(LogTable.FAMILY, LogTable.DRIVING.qualifier("date"));
        byte[] qb = b.getValue(LogTable.FAMILY, LogTable.DRIVING.qualifier("date"));
        int c = java.util.Arrays.compare(qa, qb);
        return c != 0 ? c : java.util.Arrays.compare(a.getRow(), b.getRow());
    }
}
