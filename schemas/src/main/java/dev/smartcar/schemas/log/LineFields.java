package dev.smartcar.schemas.log;

import java.nio.charset.StandardCharsets;

/**
 * The field rules both log formats share: where the commas are, what a canonical number, a car number and an
 * area number look like, and how to name what is wrong. Package-private: the parsers are the public face.
 */
final class LineFields {

    /** Strings for A01..F10, so parsing an area allocates nothing. */
    private static final String[][] AREAS = new String[6][11];
    static {
        for (int l = 0; l < 6; l++) {
            for (int n = 1; n <= 10; n++) {
                AREAS[l][n] = (char) ('A' + l) + (n < 10 ? "0" + n : "10");
            }
        }
    }

    static final int NOT_A_NUMBER = -1;
    static final int NOT_CANONICAL = -2;

    private LineFields() { }

    /**
     * The checks every line goes through before its fields are read, in this order: empty, the format's header
     * (before the length cap: headers are longer than any data line), the length cap, printable ASCII, and the
     * field count. Returns the rejection, or null with {@code ends} filled with each field's end (exclusive).
     */
    static Rejection frame(byte[] b, int off, int len, byte[] header, int maxBytes, String kind, int[] ends) {
        if (len == 0) {
            return new Rejection(Rejection.Reason.EMPTY_LINE, "empty line");
        }
        if (equalsAscii(b, off, len, header)) {
            return new Rejection(Rejection.Reason.HEADER_LINE, "header line");
        }
        if (len > maxBytes) {
            return new Rejection(Rejection.Reason.LINE_TOO_LONG,
                    "line of " + len + " bytes, longer than the " + maxBytes + " of any " + kind + " line");
        }
        int bad = firstNonPrintable(b, off, len);
        if (bad >= 0) {
            return encodingRejection(b, off, len, bad);
        }
        int expected = ends.length;
        if (split(b, off, len, ends, expected) != expected) {
            int commas = 0;
            for (int i = off; i < off + len; i++) {
                if (b[i] == ',') {
                    commas++;
                }
            }
            return new Rejection(Rejection.Reason.FIELD_COUNT, "field count " + (commas + 1) + ", expected "
                    + expected);
        }
        return null;
    }

    /**
     * Fills {@code ends[i]} with the end (exclusive) of field i and returns the number of fields, or
     * {@code max + 1} as soon as there are more than {@code max}.
     */
    static int split(byte[] b, int off, int len, int[] ends, int max) {
        int n = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == ',') {
                if (n == max) {
                    return max + 1;
                }
                ends[n++] = i;
            }
        }
        if (n == max) {
            return max + 1;
        }
        ends[n++] = end;
        return n;
    }

    /** Value of a canonical decimal (digits, no sign, no leading zero but "0"), or a negative code. */
    static int number(byte[] b, int from, int to) {
        int len = to - from;
        if (len < 1 || len > 9) {
            return NOT_A_NUMBER;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_A_NUMBER;
            }
            v = v * 10 + d;
        }
        if (len > 1 && b[from] == '0') {
            return NOT_CANONICAL;
        }
        return v;
    }

    /** Epoch millis of a 14-digit timestamp field, or {@link LogTimestamp#INVALID} (wrong length or not real). */
    static long timestamp(LogTimestamp time, byte[] b, int from, int to) {
        return to - from == LogTimestamp.LENGTH ? time.toEpochMillis(b, from) : LogTimestamp.INVALID;
    }

    static Rejection timestampRejection(LogTimestamp time, String field, byte[] b, int from, int to) {
        if (to - from != LogTimestamp.LENGTH) {
            return new Rejection(Rejection.Reason.BAD_TIMESTAMP,
                    field + " '" + shown(b, from, to) + "' is not 14 digits yyyyMMddHHmmss");
        }
        return new Rejection(Rejection.Reason.BAD_TIMESTAMP,
                field + " " + shown(b, from, to) + " is not a real time: " + time.describeInvalid(b, from));
    }

    static Rejection carNumberRejection(byte[] b, int from, int to) {
        return new Rejection(Rejection.Reason.BAD_CAR_NUMBER,
                "car_number '" + shown(b, from, to) + "' is not a letter A-Z and a 4-digit index 0001-9999");
    }

    /** Car number: one letter A-Z and a 4-digit index 0001-9999. */
    static boolean isCarNumber(byte[] b, int from, int to) {
        if (to - from != 5 || b[from] < 'A' || b[from] > 'Z') {
            return false;
        }
        int index = 0;
        for (int i = from + 1; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            index = index * 10 + d;
        }
        return index > 0;
    }

    /** The interned area string (A01..F10), or null. */
    static String area(byte[] b, int from, int to) {
        if (to - from != 3) {
            return null;
        }
        int letter = b[from] - 'A';
        int tens = b[from + 1] - '0';
        int ones = b[from + 2] - '0';
        if (letter < 0 || letter > 5 || ones < 0 || ones > 9) {
            return null;
        }
        int n = tens == 0 ? ones : tens == 1 && ones == 0 ? 10 : -1;
        return n >= 1 ? AREAS[letter][n] : null;
    }

    static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static boolean equalsAscii(byte[] b, int off, int len, byte[] expected) {
        if (len != expected.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** First byte outside printable ASCII, or -1. Valid lines are printable ASCII only. */
    static int firstNonPrintable(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0x20 || b[i] > 0x7e) {
                return i - off;
            }
        }
        return -1;
    }

    /** Explains a byte outside printable ASCII at {@code pos}: a CR, a control byte, or bad / non-ASCII UTF-8. */
    static Rejection encodingRejection(byte[] b, int off, int len, int pos) {
        int c = b[off + pos] & 0xff;
        if (c == '\r' && pos == len - 1) {
            return new Rejection(Rejection.Reason.BAD_ENCODING, "carriage return at end of line (CRLF line ending)");
        }
        if (c < 0x80) {
            return new Rejection(Rejection.Reason.BAD_ENCODING,
                    String.format("control byte 0x%02X at byte %d", c, pos + 1));
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            decoder.decode(java.nio.ByteBuffer.wrap(b, off, len));
        } catch (java.nio.charset.CharacterCodingException e) {
            return new Rejection(Rejection.Reason.BAD_ENCODING,
                    String.format("invalid UTF-8 (byte 0x%02X at byte %d)", c, pos + 1));
        }
        return new Rejection(Rejection.Reason.BAD_ENCODING,
                String.format("non-ASCII character at byte %d (the log is ASCII)", pos + 1));
    }

    static Rejection numberRejection(String field, byte[] b, int from, int to, int code, int min, int max, int value) {
        if (code == NOT_A_NUMBER) {
            return new Rejection(Rejection.Reason.BAD_NUMBER,
                    field + " '" + shown(b, from, to) + "' is not a number (expected " + min + "-" + max + ")");
        }
        if (code == NOT_CANONICAL) {
            return new Rejection(Rejection.Reason.BAD_NUMBER,
                    field + " '" + shown(b, from, to) + "' has a leading zero (expected " + min + "-" + max + ")");
        }
        return new Rejection(Rejection.Reason.OUT_OF_RANGE, field + " " + value + " out of range " + min + "-" + max);
    }

    static Rejection codeRejection(String field, byte[] b, int from, int to, String expected) {
        return new Rejection(Rejection.Reason.BAD_CODE,
                field + " '" + shown(b, from, to) + "' is not one of " + expected);
    }

    /** A field as text for a message: ASCII shown as is, at most 20 characters. */
    static String shown(byte[] b, int from, int to) {
        int end = Math.min(to, from + 20);
        String s = ascii(b, from, end);
        return to > end ? s + "..." : s;
    }
}
