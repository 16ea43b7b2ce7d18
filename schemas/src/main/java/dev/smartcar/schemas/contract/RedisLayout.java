package dev.smartcar.schemas.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Where an over-speed alert lives in Redis (docs/contract.md §Redis), compatible with the original pilot's console
 * client:
 * <ul>
 *   <li>the day set: {@code SADD <yyyyMMdd of the window start> "<car>-<window start yyyyMMddHHmmss>"}, then
 *       {@code EXPIRE <day> 604800}; for example {@code SADD 20200322 "R0039-20200322000130"};</li>
 *   <li>beside it, the alert's details: {@code HSET overspeed:<car>:<window start yyyyMMddHHmmss>} with the
 *       fields of {@link DetailField}, same expiry.</li>
 * </ul>
 * The window start is written as {@code yyyyMMddHHmmss} local time in the configured zone (default Asia/Seoul), the
 * alert's {@code window_start_text}; it never has hour 24. Every write is idempotent.
 */
public final class RedisLayout {

    /** Expiry of the day sets and the detail hashes: 7 days, as the original. */
    public static final long EXPIRE_SECONDS = 604_800L;
    /** Prefix of every detail key. */
    public static final String DETAIL_KEY_PREFIX = "overspeed:";
    /** The detail key as a pattern with {@code {car}} and {@code {start}}, as the CLI's option takes it. */
    public static final String DETAIL_KEY_PATTERN = DETAIL_KEY_PREFIX + "{car}:{start}";
    /** A Redis glob ({@code SCAN MATCH}/{@code KEYS}) that matches the day-set keys of years 1000-2999. */
    public static final String DAY_KEY_GLOB = "[12][0-9][0-9][0-9][01][0-9][0-3][0-9]";
    /** Length of a day key, {@code yyyyMMdd}. */
    public static final int DAY_KEY_LENGTH = 8;
    /** Length of a window start text, {@code yyyyMMddHHmmss}. */
    public static final int START_LENGTH = 14;

    /** The fields of a detail hash, in the order the streams app writes them; {@link #key()} is the hash field. */
    public enum DetailField {
        /** The car, e.g. {@code R0039}. */
        CAR_NUMBER,
        /** Window start, {@code yyyyMMddHHmmss} in the configured zone. */
        WINDOW_START,
        /** Window end (exclusive), {@code yyyyMMddHHmmss}. */
        WINDOW_END,
        /** Window start, epoch milliseconds. */
        WINDOW_START_MS,
        /** Window end, epoch milliseconds. */
        WINDOW_END_MS,
        /** Average speed over the window in km/h (Java {@code Double.toString}). */
        AVERAGE_SPEED,
        /** Number of driving records of the car in the window. */
        RECORD_COUNT,
        /** Sum of their speeds. */
        SPEED_SUM,
        /** Highest speed in the window. */
        MAX_SPEED,
        /** Timestamp of the earliest record, {@code yyyyMMddHHmmss}. */
        FIRST_DATE,
        /** Timestamp of the latest record, {@code yyyyMMddHHmmss}. */
        LAST_DATE,
        /** Area of the latest record, e.g. {@code C04}. */
        LAST_AREA_NUMBER,
        /** The threshold in force, km/h. */
        THRESHOLD,
        /** {@code EVENT_TIME} or {@code PROCESSING_TIME}. */
        TIME_BASIS,
        /** Wall-clock time the window was closed, epoch milliseconds. */
        DETECTED_AT_MS,
        /**
         * Wall-clock time the alert first reached Redis, epoch milliseconds, on the app's host: written once
         * ({@code HSETNX}), so a replayed alert keeps it. How late an alert reaches Redis is this minus the moment
         * its window could close (the pilot measures it so).
         */
        STORED_AT_MS;

        /** The hash field name: the constant in lower case, e.g. {@code average_speed}. */
        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private RedisLayout() {
    }

    /** The day set's key, {@code yyyyMMdd}: the first 8 characters of the window start text. */
    public static String dayKey(String windowStartText) {
        return checkStart(windowStartText).substring(0, DAY_KEY_LENGTH);
    }

    /** The day set's key of a window start instant, its local date in {@code zone}. */
    public static String dayKey(Instant windowStart, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(windowStart, zone);
        return String.format("%04d%02d%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    /** The member of the day set, {@code <car>-<window start yyyyMMddHHmmss>}. */
    public static String member(String carNumber, String windowStartText) {
        return checkCar(carNumber) + "-" + checkStart(windowStartText);
    }

    /** The default detail key, {@code overspeed:<car>:<window start yyyyMMddHHmmss>}. */
    public static String detailKey(String carNumber, String windowStartText) {
        return DETAIL_KEY_PREFIX + checkCar(carNumber) + ":" + checkStart(windowStartText);
    }

    /** The detail key under another pattern containing {@code {car}} and {@code {start}}. */
    public static String detailKey(String pattern, String carNumber, String windowStartText) {
        checkPattern(pattern);
        return pattern.replace("{car}", checkCar(carNumber)).replace("{start}", checkStart(windowStartText));
    }

    /** Fails, naming the pattern, unless it contains {@code {car}} and {@code {start}}; returns it. */
    public static String checkPattern(String pattern) {
        if (pattern == null || !pattern.contains("{car}") || !pattern.contains("{start}")) {
            throw new IllegalArgumentException("alert detail key pattern '" + pattern
                    + "' must contain {car} and {start}, e.g. " + DETAIL_KEY_PATTERN);
        }
        return pattern;
    }

    /** A well-formed member of a day set. */
    public record Member(String carNumber, String windowStartText) {

        public Member {
            checkCar(carNumber);
            checkStart(windowStartText);
        }

        /**
         * The member this text is, or empty when it is not {@code <car>-<14 digits>} with a car number of one letter
         * A-Z and an index 0001-9999.
         */
        public static Optional<Member> parse(String text) {
            if (text == null || text.length() != 5 + 1 + START_LENGTH || text.charAt(5) != '-'
                    || !isCarNumber(text.substring(0, 5)) || !isDigits(text.substring(6))) {
                return Optional.empty();
            }
            return Optional.of(new Member(text.substring(0, 5), text.substring(6)));
        }

        /** The member as stored, {@code <car>-<start>}. */
        public String text() {
            return carNumber + "-" + windowStartText;
        }

        /** The day set it belongs to. */
        public String dayKey() {
            return windowStartText.substring(0, DAY_KEY_LENGTH);
        }

        /** Its default detail key. */
        public String detailKey() {
            return DETAIL_KEY_PREFIX + carNumber + ":" + windowStartText;
        }
    }

    /** A car number as the logs write it: one letter A-Z and a 4-digit index 0001-9999. */
    static boolean isCarNumber(String s) {
        if (s.length() != 5 || s.charAt(0) < 'A' || s.charAt(0) > 'Z') {
            return false;
        }
        String index = s.substring(1);
        return isDigits(index) && !index.equals("0000");
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String checkStart(String windowStartText) {
        if (windowStartText == null || windowStartText.length() != START_LENGTH || !isDigits(windowStartText)) {
            throw new IllegalArgumentException("window start '" + windowStartText
                    + "' is not 14 digits yyyyMMddHHmmss");
        }
        return windowStartText;
    }

    private static String checkCar(String carNumber) {
        if (carNumber == null || carNumber.isEmpty() || carNumber.indexOf('-') >= 0 || carNumber.indexOf(':') >= 0) {
            throw new IllegalArgumentException("car number '" + carNumber + "' is empty or contains '-' or ':'");
        }
        return carNumber;
    }
}
