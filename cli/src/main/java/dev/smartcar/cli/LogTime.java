package dev.smartcar.cli;

import dev.smartcar.schemas.log.LogTimestamp;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * Reads the tool's date options with the logs' own time rule ({@link LogTimestamp}, zone Asia/Seoul by default,
 * hour 24 allowed as {@code 240000}) and says what is expected when a value is not a real date.
 */
public final class LogTime {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final LogTimestamp time;

    public LogTime(LogTimestamp time) {
        this.time = time;
    }

    public LogTime() {
        this(LogTimestamp.defaultZone());
    }

    public LogTimestamp timestamp() {
        return time;
    }

    /** A {@code yyyyMMdd} option value. */
    public LocalDate day(String text, String option) {
        if (text == null || text.length() != 8) {
            throw CliException.usage(option + " '" + text + "' is not a date; expected yyyyMMdd, e.g. 20200322");
        }
        try {
            return LocalDate.parse(text, DAY);
        } catch (DateTimeParseException e) {
            throw CliException.usage(option + " '" + text + "' is not a real date; expected yyyyMMdd, e.g. 20200322");
        }
    }

    /** A {@code yyyyMMddHHmmss} option value as epoch milliseconds (the logs' rule: hour 24 only as 240000). */
    public long instant(String text, String option) {
        long ms = text == null ? LogTimestamp.INVALID : time.toEpochMillis(text);
        if (ms == LogTimestamp.INVALID) {
            String why = text != null && text.length() == LogTimestamp.LENGTH
                    ? ": " + time.describeInvalid(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0) : "";
            throw CliException.usage(option + " '" + text + "' is not a time" + why
                    + "; expected yyyyMMddHHmmss, e.g. 20200322001420");
        }
        return ms;
    }

    public static String format(LocalDate day) {
        return DAY.format(day);
    }
}
