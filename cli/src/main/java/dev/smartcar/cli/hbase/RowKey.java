package dev.smartcar.cli.hbase;

import dev.smartcar.schemas.contract.HBaseLayout;

/**
 * The original pilot's row key (docs/pilot.md §Storm, docs/contract.md §HBase): the 14-digit timestamp as it stood
 * in the log, reversed character by character, then {@code -} and the car number: ({@code 20200322001420},
 * {@code N0036}) → {@code 02410022300202-N0036}. Reversing puts the fast-changing seconds first, which spreads writes
 * over the regions but scatters one car's rows over the whole table. The rule itself is the contract's
 * ({@link HBaseLayout}); this is the look-ups' short name for it.
 */
public final class RowKey {

    public static final int LENGTH = HBaseLayout.ROW_KEY_LENGTH;

    private RowKey() { }

    public static String of(String dateText, String carNumber) {
        return HBaseLayout.rowKey(dateText, carNumber);
    }

    public static byte[] bytes(String dateText, String carNumber) {
        return HBaseLayout.rowKeyBytes(dateText, carNumber);
    }

    /** The yyyyMMdd a row key belongs to (its characters 6-13, reversed back). */
    public static String day(byte[] key) {
        return HBaseLayout.dayOf(key);
    }

    /** Characters 6-13 of every key of day {@code yyyyMMdd}: the day reversed. */
    public static String reversedDay(String day) {
        return HBaseLayout.reversedDay(day);
    }
}
