package dev.smartcar.simulator;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The kinds of bad line {@code --garbage-rate} inserts, beyond the original's headers. Each is made from a good
 * line of the same car (so it looks like a damaged copy of real data) and is written whole, with its terminator.
 * Every kind breaks a rule of docs/contract.md §Parsing and garbage, so a strict parser must reject it.
 */
enum GarbageKind {

    /** The start of a line, cut before its last comma, so fields are missing. */
    TRUNCATED("truncated") {
        @Override
        void write(LineBuffer out, byte[] line, int off, int len, SplittableRandom random) {
            int lastComma = lastIndexOf(line, off, len, (byte) ',');
            int cut = 1 + random.nextInt(lastComma);
            out.append(line, off, cut).append((byte) '\n');
        }
    },
    /** One field dropped (7 fields) or one repeated (9 fields). */
    FIELD_COUNT("field-count") {
        @Override
        void write(LineBuffer out, byte[] line, int off, int len, SplittableRandom random) {
            int[] bounds = fieldBounds(line, off, len);
            int field = random.nextInt(FIELDS);
            int copiesOfField = random.nextBoolean() ? 0 : 2;
            int written = 0;
            for (int f = 0; f < FIELDS; f++) {
                for (int c = f == field ? copiesOfField : 1; c > 0; c--) {
                    if (written++ > 0) {
                        out.append((byte) ',');
                    }
                    out.append(line, bounds[2 * f], bounds[2 * f + 1] - bounds[2 * f]);
                }
            }
            out.append((byte) '\n');
        }
    },
    /** A pedal or speed field that is not a canonical number: letters, a sign, a decimal point, a leading zero. */
    BAD_NUMBER("bad-number") {
        private final byte[][] values = {
            {'x'}, {'1', '.', '5'}, {'-', '3'}, {'+', '7'}, {'0', 'x', '1', 'F'}, {}, {'0', '0'}, {'1', ' '}, {'N', 'a',
                    'N'},
        };

        @Override
        void write(LineBuffer out, byte[] line, int off, int len, SplittableRandom random) {
            int[] bounds = fieldBounds(line, off, len);
            int field = NUMERIC_FIELDS[random.nextInt(NUMERIC_FIELDS.length)];
            replaceField(out, line, bounds, field, values[random.nextInt(values.length)]);
        }
    },
    /** A pedal step or a speed beyond its range: AccStep 6-9, BrkStep 4-9, Speed 251-999. */
    OUT_OF_RANGE("out-of-range") {
        @Override
        void write(LineBuffer out, byte[] line, int off, int len, SplittableRandom random) {
            int[] bounds = fieldBounds(line, off, len);
            int which = random.nextInt(NUMERIC_FIELDS.length);
            int value = switch (which) {
                case 0 -> 6 + random.nextInt(4);
                case 1 -> 4 + random.nextInt(6);
                default -> DrivingCar.MAX_SPEED + 1 + random.nextInt(999 - DrivingCar.MAX_SPEED);
            };
            replaceField(out, line, bounds, NUMERIC_FIELDS[which],
                    Integer.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
    },
    /** Nothing but the line end. */
    EMPTY("empty") {
        @Override
        void write(LineBuffer out, byte[] line, int off, int len, SplittableRandom random) {
            out.append((byte) '\n');
        }
    },
    /** A copy of the line ending in CR LF, as a Windows tool would write it. */
    CRLF("crlf") {
        @Override
        void write(LineBuffer out, byte[] line, int off, int len, SplittableRandom random) {
            out.append(line, off, len).append((byte) '\r').append((byte) '\n');
        }
    },
    /** A copy with bytes that are not UTF-8: a lone continuation byte, 0xFF, a cut or malformed sequence. */
    INVALID_UTF8("invalid-utf8") {
        private final byte[][] sequences = {
            {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0,
                    (byte) 0xAF},
        };

        @Override
        void write(LineBuffer out, byte[] line, int off, int len, SplittableRandom random) {
            int at = random.nextInt(len + 1);
            out.append(line, off, at).append(sequences[random.nextInt(sequences.length)])
                    .append(line, off + at, len - at).append((byte) '\n');
        }
    },
    /** The line padded to {@value #OVERLONG_BYTES} bytes, far beyond any real line. */
    OVERLONG("overlong") {
        @Override
        void write(LineBuffer out, byte[] line, int off, int len, SplittableRandom random) {
            out.append(line, off, len).append((byte) ',');
            byte pad = (byte) ('A' + random.nextInt(26));
            for (int i = len + 1; i < OVERLONG_BYTES; i++) {
                out.append(pad);
            }
            out.append((byte) '\n');
        }
    };

    /** Length of an over-long line without its LF. */
    static final int OVERLONG_BYTES = 10_240;
    /** The most bytes one garbage line takes, terminator included. */
    static final int MAX_BYTES = OVERLONG_BYTES + 1;

    private static final int FIELDS = 8;
    /** AccStep, BrkStep, Speed. */
    private static final int[] NUMERIC_FIELDS = {2, 3, 6};
    private static final GarbageKind[] KINDS = values();

    private final String code;

    GarbageKind(String code) {
        this.code = code;
    }

    /** Short name for the summary, e.g. {@code field-count}. */
    String code() {
        return code;
    }

    /** Writes a bad line made from {@code line[off, off+len)} (a good line without its LF). */
    abstract void write(LineBuffer out, byte[] line, int off, int len, SplittableRandom random);

    static GarbageKind draw(SplittableRandom random) {
        return KINDS[random.nextInt(KINDS.length)];
    }

    /** {@code bounds[2f]} .. {@code bounds[2f+1]} (exclusive) is field f, as offsets into {@code line}. */
    private static int[] fieldBounds(byte[] line, int off, int len) {
        int[] bounds = new int[2 * FIELDS];
        int field = 0;
        bounds[0] = off;
        for (int i = off; i < off + len && field < FIELDS - 1; i++) {
            if (line[i] == ',') {
                bounds[2 * field + 1] = i;
                field++;
                bounds[2 * field] = i + 1;
            }
        }
        if (field != FIELDS - 1) {
            throw new IllegalArgumentException("not a driving line of 8 fields");
        }
        bounds[2 * field + 1] = off + len;
        return bounds;
    }

    private static void replaceField(LineBuffer out, byte[] line, int[] bounds, int field, byte[] value) {
        for (int f = 0; f < FIELDS; f++) {
            if (f > 0) {
                out.append((byte) ',');
            }
            if (f == field) {
                out.append(value);
            } else {
                out.append(line, bounds[2 * f], bounds[2 * f + 1] - bounds[2 * f]);
            }
        }
        out.append((byte) '\n');
    }

    private static int lastIndexOf(byte[] line, int off, int len, byte b) {
        for (int i = off + len - 1; i >= off; i--) {
            if (line[i] == b) {
                return i - off;
            }
        }
        throw new IllegalArgumentException("no comma in the line");
    }
}
