package dev.smartcar.simulator;

import dev.smartcar.schemas.log.LogTimestamp;

/**
 * A reusable byte array that log lines are appended to as ASCII, without a String or a format call per line:
 * both generators write millions of short lines, so the per-line cost is a handful of array stores.
 */
final class LineBuffer {

    private final byte[] bytes;
    private int length;

    LineBuffer(int capacity) {
        this.bytes = new byte[capacity];
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    int remaining() {
        return bytes.length - length;
    }

    void clear() {
        length = 0;
    }

    LineBuffer append(byte b) {
        bytes[length++] = b;
        return this;
    }

    LineBuffer append(byte[] text) {
        System.arraycopy(text, 0, bytes, length, text.length);
        length += text.length;
        return this;
    }

    LineBuffer append(byte[] src, int off, int len) {
        System.arraycopy(src, off, bytes, length, len);
        length += len;
        return this;
    }

    /** Appends a non-negative number in canonical decimal (no sign, no leading zero), as the original printed ints. */
    LineBuffer appendNumber(int value) {
        if (value < 10) {
            bytes[length++] = (byte) ('0' + value);
        } else if (value < 100) {
            bytes[length++] = (byte) ('0' + value / 10);
            bytes[length++] = (byte) ('0' + value % 10);
        } else if (value < 1000) {
            bytes[length++] = (byte) ('0' + value / 100);
            bytes[length++] = (byte) ('0' + value / 10 % 10);
            bytes[length++] = (byte) ('0' + value % 10);
        } else {
            int digits = 4;
            for (int v = value / 10_000; v > 0; v /= 10) {
                digits++;
            }
            for (int i = length + digits - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += digits;
        }
        return this;
    }

    /**
     * Appends the 14 digits of {@code secondOfDay} (0..86400, 86400 = "240000") of the day, by the shared time rule.
     */
    LineBuffer appendTimestamp(SimulatedDay day, int secondOfDay) {
        LogTimestamp.writeDigits(day.year(), day.month(), day.dayOfMonth(), secondOfDay, bytes, length);
        length += LogTimestamp.LENGTH;
        return this;
    }
}
