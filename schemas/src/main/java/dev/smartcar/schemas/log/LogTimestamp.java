package dev.smartcar.schemas.log;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * The logs' time rule, written once: 14 ASCII digits {@code yyyyMMddHHmmss} of local time in one zone
 * (default Asia/Seoul), where hour {@code 24} with {@code 0000} means 00:00:00 of the next day — the original
 * generator stamps each car's last record of a day {@code ...240000}.
 *
 * <p>Parsing is on the hot path of both line parsers, so it reads the digits in place, computes the epoch day
 * arithmetically and caches the zone offset of the last day seen; it never allocates or throws for bad input.
 */
public final class LogTimestamp {

    /** The zone the original pilot's timestamps are in. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Seoul");
    /** Number of characters of a timestamp. */
    public static final int LENGTH = 14;
    /** Returned by {@link #toEpochMillis} for anything that is not a real timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final int SECONDS_PER_DAY = 86_400;

    private final ZoneId zone;
    private final ZoneRules rules;
    private final int fixedOffsetSeconds;
    private final boolean fixed;
    /** Offset of the last day seen that has no transition near it; an immutable pair, so races are benign. */
    private DayOffset lastDay = new DayOffset(Long.MIN_VALUE, 0);

    private record DayOffset(long epochDay, int offsetSeconds) { }

    public LogTimestamp(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        this.fixed = rules.isFixedOffset();
        this.fixedOffsetSeconds = fixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
    }

    public static LogTimestamp defaultZone() {
        return new LogTimestamp(DEFAULT_ZONE);
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Epoch milliseconds of the timestamp at {@code b[off..off+14)}, or {@link #INVALID} when it is not a real
     * {@code yyyyMMddHHmmss} in this zone. Callers check the length; {@link #describeInvalid} says what is wrong.
     */
    public long toEpochMillis(byte[] b, int off) {
        int year = digits(b, off, 4);
        int month = digits(b, off + 4, 2);
        int day = digits(b, off + 6, 2);
        int hour = digits(b, off + 8, 2);
        int minute = digits(b, off + 10, 2);
        int second = digits(b, off + 12, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return INVALID;
        }
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || minute > 59 || second > 59) {
            return INVALID;
        }
        if (hour > 24 || (hour == 24 && (minute | second) != 0)) {
            return INVALID;
        }
        long epochDay = epochDay(year, month, day);
        long localSeconds = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
        long offset = offsetSeconds(epochDay, localSeconds);
        if (offset == Long.MIN_VALUE) {
            return INVALID;
        }
        return (localSeconds - offset) * 1000L;
    }

    /** Convenience for callers holding text; allocates. */
    public long toEpochMillis(CharSequence text) {
        if (text.length() != LENGTH) {
            return INVALID;
        }
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            b[i] = c < 128 ? (byte) c : (byte) '?';
        }
        return toEpochMillis(b, 0);
    }

    /** Why the 14 bytes at {@code off} are not a timestamp, in words; null if they are one. Slow path. */
    public String describeInvalid(byte[] b, int off) {
        for (int i = 0; i < LENGTH; i++) {
            byte c = b[off + i];
            if (c < '0' || c > '9') {
                return "has a non-digit at position " + (i + 1);
            }
        }
        int year = digits(b, off, 4);
        int month = digits(b, off + 4, 2);
        int day = digits(b, off + 6, 2);
        int hour = digits(b, off + 8, 2);
        int minute = digits(b, off + 10, 2);
        int second = digits(b, off + 12, 2);
        if (year < 1) {
            return "year 0000 does not exist";
        }
        if (month < 1 || month > 12) {
            return "month " + two(month) + " out of range 01-12";
        }
        if (day < 1 || day > lengthOfMonth(year, month)) {
            return "day " + two(day) + " out of range 01-" + lengthOfMonth(year, month) + " for " + year + "-"
                    + two(month);
        }
        if (hour > 24) {
            return "hour " + two(hour) + " out of range 00-24";
        }
        if (minute > 59) {
            return "minute " + two(minute) + " out of range 00-59";
        }
        if (second > 59) {
            return "second " + two(second) + " out of range 00-59";
        }
        if (hour == 24 && (minute | second) != 0) {
            return "hour 24 is allowed only as 240000 (end of day)";
        }
        if (toEpochMillis(b, off) == INVALID) {
            return "does not exist in zone " + zone + " (daylight-saving gap)";
        }
        return null;
    }

    /** {@code yyyyMMddHHmmss} of an instant in this zone (never hour 24). */
    public String format(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
        byte[] out = new byte[LENGTH];
        writeDigits(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.toLocalTime().toSecondOfDay(), out, 0);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** {@code yyyyMMdd} of an instant in this zone: the Redis day key of the original pilot. */
    public String formatDay(long epochMillis) {
        return format(epochMillis).substring(0, 8);
    }

    /**
     * Writes the 14 digits of a simulated clock reading: the given day at {@code secondOfDay} seconds, where
     * 86400 is written as hour 24 of that day ({@code ...240000}), as the original generator did.
     */
    public static void writeDigits(int year, int month, int day, int secondOfDay, byte[] dst, int off) {
        if (secondOfDay < 0 || secondOfDay > SECONDS_PER_DAY) {
            throw new IllegalArgumentException("secondOfDay " + secondOfDay + " out of range 0-86400");
        }
        put(dst, off, year, 4);
        put(dst, off + 4, month, 2);
        put(dst, off + 6, day, 2);
        put(dst, off + 8, secondOfDay / 3600, 2);
        put(dst, off + 10, secondOfDay / 60 % 60, 2);
        put(dst, off + 12, secondOfDay % 60, 2);
    }

    private long offsetSeconds(long epochDay, long localSeconds) {
        if (fixed) {
            return fixedOffsetSeconds;
        }
        DayOffset cached = lastDay;
        if (cached.epochDay == epochDay) {
            return cached.offsetSeconds;
        }
        // A day with no transition within a day either side has one offset for every local time in it.
        Instant probe = Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY - 2L * SECONDS_PER_DAY);
        ZoneOffsetTransition next = rules.nextTransition(probe);
        boolean quiet = next == null
                || next.getInstant().getEpochSecond() > (epochDay + 3L) * SECONDS_PER_DAY;
        if (quiet) {
            int offset = rules.getOffset(probe).getTotalSeconds();
            lastDay = new DayOffset(epochDay, offset);
            return offset;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.ofEpochSecond(localSeconds, 0, ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        var valid = rules.getValidOffsets(local);
        if (valid.isEmpty()) {
            return Long.MIN_VALUE; // a local time skipped by a daylight-saving gap
        }
        return valid.get(0).getTotalSeconds(); // in an overlap, the earlier offset, as java.time does
    }

    /** Value of n ASCII digits, or -1 if any is not a digit. */
    private static int digits(byte[] b, int off, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = b[off + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static void put(byte[] dst, int off, int value, int n) {
        for (int i = n - 1; i >= 0; i--) {
            dst[off + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long mp = (month + 9) % 12;
        long doy = (153 * mp + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
