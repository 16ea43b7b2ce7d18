package dev.smartcar.cli.pilot;

import java.util.Arrays;

/**
 * Counts distinct HBase rows among valid lines: a row is (timestamp text, car), packed into one long
 * ({@code 14 digits × 260,000 + letter × 10,000 + index}, below 2^63), kept in a growable array and counted after
 * one sort — 8 bytes per line, so a 2.16-million-line status day costs 17 MB, not a set of strings.
 */
public final class DistinctKeys {

    private long[] keys = new long[1 << 16];
    private int size;

    public void add(String dateText, String carNumber) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        keys[size++] = pack(dateText, carNumber);
    }

    static long pack(String dateText, String carNumber) {
        long date = Long.parseLong(dateText);
        int car = (carNumber.charAt(0) - 'A') * 10_000 + Integer.parseInt(carNumber, 1, 5, 10);
        return date * 260_000L + car;
    }

    public int added() {
        return size;
    }

    /** Number of distinct keys added so far. */
    public long distinct() {
        Arrays.sort(keys, 0, size);
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                n++;
            }
        }
        return n;
    }
}
