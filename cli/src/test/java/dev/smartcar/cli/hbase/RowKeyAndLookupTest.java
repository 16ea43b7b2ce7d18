package dev.smartcar.cli.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.cli.StatusDay;
import dev.smartcar.schemas.log.LogTimestamp;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.Cell;
import org.apache.hadoop.hbase.CompareOperator;
import org.apache.hadoop.hbase.KeyValue;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.filter.FilterList;
import org.apache.hadoop.hbase.filter.RowFilter;
import org.apache.hadoop.hbase.filter.SingleColumnValueFilter;
import org.apache.hadoop.hbase.filter.MultiRowRangeFilter.RowRange;
import org.apache.hadoop.hbase.util.Bytes;
import org.junit.jupiter.api.Test;

/** Row keys, key enumeration and the server-side filters, built without a server. */
class RowKeyAndLookupTest {

    private static final LogTimestamp TIME = LogTimestamp.defaultZone();
    private final DrivingLookup lookup = new DrivingLookup(TIME);

    static DrivingQuery query(String from, String to, String area, int limit) {
        return new DrivingQuery("N0036", from, from == null ? 0 : TIME.toEpochMillis(from), to,
                to == null ? 0 : TIME.toEpochMillis(to), area, limit);
    }

    static List<String> text(List<byte[]> keys) {
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(new String(k, StandardCharsets.US_ASCII)));
        return out;
    }

    @Test
    void rowKeyIsTheReversedTimestampThenTheCar() {
        assertEquals("02410022300202-N0036", RowKey.of("20200322001420", "N0036"));
        assertEquals("20200322", RowKey.day(RowKey.bytes("20200322001420", "N0036")));
        assertEquals(RowKey.LENGTH, RowKey.of("20200322240000", "Y0100").length());
    }

    @Test
    void keysCoverEverySecondInTimeOrderWithTheHour24Spelling() {
        List<String> keys = text(lookup.keys(query("20200322235958", "20200323000001", null, 0)));
        assertEquals(List.of(
                RowKey.of("20200322235958", "N0036"),
                RowKey.of("20200322235959", "N0036"),
                RowKey.of("20200322240000", "N0036"),
                RowKey.of("20200323000000", "N0036"),
                RowKey.of("20200323000001", "N0036")), keys);
    }

    @Test
    void autoPlanUsesKeysUpToTwoDaysAndScansOtherwise() {
        assertEquals(DrivingLookup.Plan.KEYS,
                DrivingLookup.choose(query("20200322000000", "20200323235959", null, 0), DrivingLookup.Plan.AUTO));
        assertEquals(DrivingLookup.Plan.SCAN,
                DrivingLookup.choose(query("20200322000000", "20200324000000", null, 0), DrivingLookup.Plan.AUTO));
        assertEquals(DrivingLookup.Plan.SCAN, DrivingLookup.choose(query(null, null, null, 0),
                DrivingLookup.Plan.AUTO));
        assertThrows(IllegalArgumentException.class,
                () -> DrivingLookup.choose(query(null, null, null, 0), DrivingLookup.Plan.KEYS));
    }

    @Test
    void scanFiltersOnTheServerReadsOnlyCf1AndStopsAtTheLimit() {
        Scan scan = lookup.scan(query("20200323000000", "20200323120000", "C04", 50));
        assertEquals(1, scan.getFamilies().length);
        assertEquals("cf1", Bytes.toString(scan.getFamilies()[0]));
        assertEquals(50, scan.getLimit());
        assertEquals(50, scan.getCaching());
        assertTrue(!scan.getCacheBlocks());
        FilterList list = assertInstanceOf(FilterList.class, scan.getFilter());
        assertEquals(FilterList.Operator.MUST_PASS_ALL, list.getOperator());
        assertEquals(4, list.getFilters().size());
        RowFilter row = assertInstanceOf(RowFilter.class, list.getFilters().get(0));
        assertEquals(CompareOperator.EQUAL, row.getCompareOperator());
        assertEquals("-N0036$", Bytes.toString(row.getComparator().getValue()));
        SingleColumnValueFilter from = assertInstanceOf(SingleColumnValueFilter.class, list.getFilters().get(1));
        assertEquals(CompareOperator.GREATER_OR_EQUAL, from.getCompareOperator());
        // A range starting at midnight starts at the previous day's 240000, the same instant.
        assertEquals("20200322240000", Bytes.toString(from.getComparator().getValue()));
        assertTrue(from.getFilterIfMissing());
        SingleColumnValueFilter to = assertInstanceOf(SingleColumnValueFilter.class, list.getFilters().get(2));
        assertEquals(CompareOperator.LESS_OR_EQUAL, to.getCompareOperator());
        assertEquals("20200323120000", Bytes.toString(to.getComparator().getValue()));
        SingleColumnValueFilter area = assertInstanceOf(SingleColumnValueFilter.class, list.getFilters().get(3));
        assertEquals("area_number", Bytes.toString(area.getQualifier()));
        assertEquals("C04", Bytes.toString(area.getComparator().getValue()));
    }

    @Test
    void scanWithoutRangeOrLimitHasOnlyTheRowFilter() {
        Scan scan = lookup.scan(query(null, null, null, 0));
        FilterList list = (FilterList) scan.getFilter();
        assertEquals(1, list.getFilters().size());
        assertEquals(-1, scan.getLimit());
        assertEquals(1_000, scan.getCaching());
    }

    @Test
    void statusDayHasEveryTimeOfTheDayIncluding240000() {
        List<String> keys = text(StatusDay.keys(LocalDate.of(2020, 3, 22), "B0001"));
        assertEquals(86_401, keys.size());
        assertEquals(RowKey.of("20200322000000", "B0001"), keys.get(0));
        assertEquals(RowKey.of("20200322000004", "B0001"), keys.get(4));
        assertEquals(RowKey.of("20200322240000", "B0001"), keys.get(86_400));
    }

    @Test
    void dayRangesAreSortedAndHoldExactlyTheDaysKeys() {
        List<RowRange> ranges = DayRows.ranges(LocalDate.of(2020, 3, 22));
        assertEquals(86_401, ranges.size());
        for (int i = 1; i < ranges.size(); i++) {
            assertTrue(Bytes.compareTo(ranges.get(i - 1).getStopRow(), ranges.get(i).getStartRow()) <= 0);
        }
        byte[] key = RowKey.bytes("20200322001420", "N0036");
        byte[] otherDay = RowKey.bytes("20200323001420", "N0036");
        assertTrue(ranges.stream().anyMatch(r -> contains(r, key)));
        assertTrue(ranges.stream().noneMatch(r -> contains(r, otherDay)));
        assertTrue(ranges.stream().anyMatch(r -> contains(r, RowKey.bytes("20200322240000", "Z9999"))));
    }

    private static boolean contains(RowRange r, byte[] key) {
        return Bytes.compareTo(r.getStartRow(), key) <= 0 && Bytes.compareTo(key, r.getStopRow()) < 0;
    }

    @Test
    void aRowJoinsBackIntoItsLogLineOrNamesWhatIsMissing() {
        String[] fields = "20200322001420,N0036,3,0,F,N,85,C04".split(",");
        byte[] row = RowKey.bytes(fields[0], fields[1]);
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            cells.add(new KeyValue(row, LogTable.FAMILY, Bytes.toBytes(LogTable.DRIVING.qualifiers().get(i)),
                    Bytes.toBytes(fields[i])));
        }
        cells.sort(org.apache.hadoop.hbase.CellComparator.getInstance());
        assertEquals("20200322001420,N0036,3,0,F,N,85,C04", LogTable.DRIVING.line(Result.create(cells)));
        cells.removeIf(c -> Bytes.toString(c.getQualifierArray(), c.getQualifierOffset(), c.getQualifierLength())
                .equals("speed"));
        Result partial = Result.create(cells);
        assertNull(LogTable.DRIVING.line(partial));
        assertEquals(List.of("speed"), LogTable.DRIVING.missing(partial));
    }

    @Test
    void aCompactRowIsItsLineAndTheContractsLayoutSaysWhichCellsARowHolds() {
        String line = "20200322240000,Y0100,79,98,86,99,1,1,1,2,A,B,91";
        byte[] row = RowKey.bytes("20200322240000", "Y0100");
        Result compact = Result.create(List.of(new KeyValue(row, LogTable.FAMILY, LogTable.LINE, Bytes.toBytes(line))));
        assertEquals(line, LogTable.STATUS.line(compact));
        assertEquals(List.of(), LogTable.STATUS.missing(compact));
        assertEquals(java.util.Map.of("line", line), LogTable.STATUS.cells(line));
        java.util.Map<String, String> driving = LogTable.DRIVING.cells("20200322001420,N0036,3,0,F,N,85,C04");
        assertEquals(8, driving.size());
        assertEquals("85", driving.get("speed"));
        assertEquals("20200322001420", driving.get("date"));
    }
}
