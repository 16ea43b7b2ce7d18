package dev.smartcar.cli.hbase;

import dev.smartcar.schemas.contract.HBaseLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;

/**
 * One of the pilot's two HBase tables (docs/contract.md §HBase, {@link HBaseLayout.Table}): its name, family
 * {@code cf1}, and the qualifiers in the order of the log line's fields, so a row can be joined back into the line
 * it came from. A row in the compact layout holds that line whole, in one {@code cf1:line} cell; the readers take
 * either layout.
 */
public enum LogTable {
    DRIVING(HBaseLayout.Table.DRIVING),
    STATUS(HBaseLayout.Table.STATUS);

    public static final byte[] FAMILY = HBaseLayout.FAMILY.getBytes(StandardCharsets.US_ASCII);
    public static final byte[] LINE = HBaseLayout.LINE_QUALIFIER.getBytes(StandardCharsets.US_ASCII);

    private final HBaseLayout.Table layout;
    private final String tableName;
    private final List<String> qualifiers;
    private final byte[][] qualifierBytes;

    LogTable(HBaseLayout.Table layout) {
        this.layout = layout;
        this.tableName = layout.tableName();
        this.qualifiers = layout.qualifiers();
        this.qualifierBytes = qualifiers.stream().map(q ->
                q.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }

    public TableName tableName() {
        return TableName.valueOf(tableName);
    }

    public String nameAsString() {
        return tableName;
    }

    public List<String> qualifiers() {
        return qualifiers;
    }

    public byte[] qualifier(String name) {
        int i = qualifiers.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(tableName + " has no qualifier " + name);
        }
        return qualifierBytes[i];
    }

    /** The contract's layout of this table as the pilot deploys it. */
    public HBaseLayout.CellLayout layout() {
        return layout.layout();
    }

    /**
     * The cells, qualifier → value in {@code cf1}, that the contract's layout makes of a valid line of this table
     * (docs/contract.md §HBase): what a row written from that line must hold, no more and no less.
     */
    public Map<String, String> cells(String line) {
        return layout.cells(line, layout.layout());
    }

    /**
     * The log line a row holds: its {@code cf1:line} cell in the compact layout, else its cells joined by commas in
     * field order; null when a qualifier is missing (a row the sink did not write whole), which callers report.
     */
    public String line(Result row) {
        byte[] whole = row.getValue(FAMILY, LINE);
        if (whole != null) {
            return new String(whole, StandardCharsets.UTF_8);
        }
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < qualifierBytes.length; i++) {
            byte[] v = row.getValue(FAMILY, qualifierBytes[i]);
            if (v == null) {
                return null;
            }
            if (i > 0) {
                b.append(',');
            }
            b.append(new String(v, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** The qualifiers a row lacks, for the message about an incomplete row. */
    public List<String> missing(Result row) {
        if (row.getValue(FAMILY, LINE) != null) {
            return List.of();
        }
        return qualifiers.stream().filter(q -> row.getValue(FAMILY, qualifier(q)) == null).toList();
    }
}
