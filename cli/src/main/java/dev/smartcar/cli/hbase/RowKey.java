package dev.smartcar.cli.hbase;

import java.nio.charset.StandardCharsets;

/**
 * The original pilot's row key (PILOT.md §3, CONTRACT.md "HBase"): the 14-digit timestamp as it stood in the log,
 * reversed character by character, then {@code -} and the car number: ({@code 20200322001420}, {@code N0036}) →
 * {@code 02410022300202-N0036}. Reversing puts the fast-changing seconds first, which spreads writes over the
 * regions but scatters one car's rows over the whole table.
 */
public final class RowKey {

    public static final int LENGTH = 20;

    private RowKey() { }

    public static String of(String dateText, String carNumber) {
        return new StringBuilder(dateText).reverse().append('-').append(carNumber).toString();
    }

    public static byte[] bytes(String dateText, String carNumber) {
        return of(dateText, carNumber).getBytes(StandardCharsets.US_ASCII);
    }

    /** The yyyyMMdd a row key belongs to (its characters 6-13, reversed back). */
    public static String day(byte[] key) {
        return new StringBuilder(new String(key, 6, 8, StandardCharsets.US_ASCII)).reverse().toString();
    }

    /** Characters 6-13 of every key of day {@code yyyyMMdd}: the day reversed. */
    public static String reversedDay(String day) {
        return new StringBuilder(day).reverse().toString();
    }
}
