package dev.smartcar.connect.hbase;

import java.util.List;

/**
 * One row to write: table, key and cells, free of any HBase client type so the mapping can be tested alone.
 *
 * @param timestamp cell timestamp in epoch milliseconds, or {@link Long#MAX_VALUE} for the server's clock
 */
public record HBaseRow(String table, byte[] rowKey, List<CellValue> cells, long timestamp) {

    /** A family:qualifier cell and its bytes. */
    public record CellValue(byte[] family, byte[] qualifier, byte[] value) {
    }
}
